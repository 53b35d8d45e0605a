variable "region" {
  description = "AWS region of the runner stack."
  type        = string
}

variable "runner_name" {
  description = "The runner's name; the setup identity may only touch resources named gitlab-runner-<runner_name>..."
  type        = string
  default     = "lambda-terraform"
}

variable "gitlab_url" {
  description = "GitLab base URL, https, no trailing slash (the stack's OIDC provider is named after it)."
  type        = string

  validation {
    condition     = can(regex("^https://[^/\\s]+(/[^\\s]*[^/\\s])?$", var.gitlab_url))
    error_message = "gitlab_url: an https URL without a trailing slash, e.g. https://gitlab.example.com."
  }
}

variable "identity_kind" {
  description = "\"user\": IAM users (an empty account has nobody to assume a role; create their access keys yourself). \"role\": IAM roles that trusted_principal_arns may assume (SSO / federation)."
  type        = string
  default     = "user"

  validation {
    condition     = contains(["user", "role"], var.identity_kind)
    error_message = "identity_kind: user or role."
  }
}

variable "trusted_principal_arns" {
  description = "With identity_kind = \"role\": the IAM principals that may assume the setup, operator and keep-alive roles."
  type        = list(string)
  default     = []
}

variable "require_mfa" {
  description = "With identity_kind = \"role\": the setup and operator roles can only be assumed with MFA."
  type        = bool
  default     = true
}

variable "setup_identity_name" {
  description = "Name of the setup identity (and its policy)."
  type        = string
  default     = "gitlab-runner-terraform-setup"
}

variable "keyless_policy_arns" {
  description = "Managed policies the setup identity may attach to the keyless plan and apply roles: every ARN you pass as PlanPolicyArns / ApplyPolicyArns (plan_policy_arns / apply_policy_arns)."
  type        = list(string)
  default     = []
}

variable "artifacts_bucket_name" {
  description = "Name of the private artifacts bucket; empty for gitlab-runner-<runner_name>-<account id>."
  type        = string
  default     = ""
}
