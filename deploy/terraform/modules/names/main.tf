# Every name of one runner's stack, in one place. deploy/sam/template.yaml spells the same names, and the
# bootstrap's setup policy is scoped to them (the deploy tests compare all three).

terraform {
  required_version = ">= 1.5.0"
}

variable "runner_name" {
  description = "The runner's name: the KMS encryption context {\"runner\": runner_name} and the suffix of every name."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{0,28}[a-z0-9]$", var.runner_name))
    error_message = "runner_name: lower case letters, digits and dashes, 2 to 30 characters, no dash at either end."
  }
}

locals {
  prefix = "gitlab-runner-${var.runner_name}"
}

output "prefix" {
  description = "Common prefix of every resource name; the setup identity may only touch resources under it."
  value       = local.prefix
}

output "all" {
  description = "Resource names of the stack."
  value = {
    stack                = local.prefix
    function             = local.prefix
    function_role        = "${local.prefix}-function"
    scheduler_role       = "${local.prefix}-scheduler"
    plan_role            = "${local.prefix}-plan"
    apply_role           = "${local.prefix}-apply"
    secret               = local.prefix
    key_alias            = "alias/${local.prefix}"
    log_group            = "/aws/lambda/${local.prefix}"
    layer                = "${local.prefix}-terraform"
    schedule             = "${local.prefix}-poll"
    permissions_boundary = "${local.prefix}-boundary"
    operator_policy      = "${local.prefix}-operator"
    keepalive_policy     = "${local.prefix}-keepalive"
  }
}
