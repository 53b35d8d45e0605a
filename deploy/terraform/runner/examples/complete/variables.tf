variable "region" {
  description = "AWS region (the bootstrap's)."
  type        = string
}

variable "runner_name" {
  description = "The runner's name (the bootstrap's runner_name)."
  type        = string
  default     = "lambda-terraform"
}

variable "gitlab_url" {
  description = "GitLab base URL, https, no trailing slash."
  type        = string
}

variable "operator_principal_arns" {
  description = "The bootstrap's operator_identity_arn (and any other principal that runs register / secrets put)."
  type        = list(string)
}

variable "artifacts_bucket" {
  description = "The bootstrap's artifacts_bucket."
  type        = string
}

variable "permissions_boundary_arn" {
  description = "The bootstrap's permissions_boundary_arn."
  type        = string
}

variable "architecture" {
  description = "x86_64 or arm64, as built."
  type        = string
  default     = "x86_64"
}

variable "project_paths" {
  description = "GitLab projects (group/project) whose Terraform jobs get the keyless roles."
  type        = list(string)
}

variable "apply_branch" {
  description = "Their protected default branch."
  type        = string
  default     = "main"
}

variable "plan_policy_arns" {
  description = "Managed policies of the plan role (also in the bootstrap's keyless_policy_arns)."
  type        = list(string)
  default     = []
}

variable "apply_policy_arns" {
  description = "Managed policies of the apply role (also in the bootstrap's keyless_policy_arns)."
  type        = list(string)
  default     = []
}
