variable "runner_name" {
  description = "The runner's name (encryption context and name suffix)."
  type        = string
}

variable "gitlab_url" {
  description = "GitLab base URL, https, no trailing slash; also the OIDC issuer."
  type        = string
}

variable "partition" {
  description = "AWS partition (aws, aws-cn, aws-us-gov)."
  type        = string
}

variable "region" {
  description = "AWS region of the stack."
  type        = string
}

variable "account_id" {
  description = "AWS account id of the stack."
  type        = string
}

variable "secret_arn" {
  description = "ARN of the runner's Secrets Manager secret."
  type        = string
}

variable "apply_secret_arn" {
  description = "ARN of the apply runner's Secrets Manager secret."
  type        = string
}

variable "key_arn" {
  description = "ARN of the runner's KMS key."
  type        = string
}

variable "function_role_arn" {
  description = "ARN of the plan function's execution role."
  type        = string
}

variable "function_arn" {
  description = "ARN of the plan function."
  type        = string
}

variable "apply_function_role_arn" {
  description = "ARN of the apply function's execution role."
  type        = string
}

variable "apply_function_arn" {
  description = "ARN of the apply function."
  type        = string
}

variable "oidc_provider_arn" {
  description = "ARN of the IAM OIDC provider for gitlab_url."
  type        = string
}

variable "plan_role_arn" {
  description = "ARN of the keyless plan role."
  type        = string
}

variable "apply_role_arn" {
  description = "ARN of the keyless apply role."
  type        = string
}

variable "operator_principal_arns" {
  description = "IAM principals that may encrypt the runner's secret document."
  type        = list(string)
}

variable "project_paths" {
  description = "GitLab project paths whose jobs may assume the keyless roles."
  type        = list(string)
}

variable "apply_branch" {
  description = "The protected default branch whose jobs may assume the apply role."
  type        = string
}

variable "oidc_audience" {
  description = "The aud of the jobs' ID tokens."
  type        = string
}

variable "keyless_token_variable" {
  description = "Job variable that carries the ID token."
  type        = string
}

variable "max_job_timeout" {
  description = "RUNNER_MAX_JOB_TIMEOUT (ISO-8601 duration)."
  type        = string
}

variable "lambda_reserve" {
  description = "RUNNER_LAMBDA_RESERVE (ISO-8601 duration)."
  type        = string
}

variable "tofu_path" {
  description = "RUNNER_TERRAFORM_TOFU_PATH, empty for none."
  type        = string
}

variable "provider_mirror_dir" {
  description = "RUNNER_TERRAFORM_PROVIDER_MIRROR_DIR, empty for none."
  type        = string
}

variable "xray_tracing" {
  description = "Whether the function role may write X-Ray traces."
  type        = bool
}
