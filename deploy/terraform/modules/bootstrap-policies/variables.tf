variable "runner_name" {
  description = "The runner's name (encryption context and name suffix)."
  type        = string
}

variable "gitlab_url" {
  description = "GitLab base URL, https, no trailing slash; the OIDC provider the stack creates is named after it."
  type        = string
}

variable "partition" {
  description = "AWS partition (aws, aws-cn, aws-us-gov)."
  type        = string
}

variable "region" {
  description = "AWS region of the runner stack."
  type        = string
}

variable "account_id" {
  description = "AWS account id of the runner stack."
  type        = string
}

variable "artifacts_bucket" {
  description = "Private S3 bucket for function.zip, the layer zip and Terraform state of the runner stack."
  type        = string
}

variable "keyless_policy_arns" {
  description = "Managed policies the setup identity may attach to the keyless plan and apply roles (and no others)."
  type        = list(string)
}
