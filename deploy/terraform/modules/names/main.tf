# Every name of one runner's stack, in one place. The stack runs two runners: the plan runner (named
# runner_name, jobs of every ref) and the apply runner (named runner_name-apply, protected refs only), each with
# its own function, role, secret, log group and schedule. deploy/sam/template.yaml spells the same names, and the
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

output "apply_runner_name" {
  description = "The apply runner's name: its KMS encryption context {\"runner\": \"<runner_name>-apply\"}."
  value       = "${var.runner_name}-apply"
}

output "all" {
  description = "Resource names of the stack."
  value = {
    stack                = local.prefix
    function             = local.prefix
    function_role        = "${local.prefix}-function"
    apply_function       = "${local.prefix}-apply"
    apply_function_role  = "${local.prefix}-apply-function"
    scheduler_role       = "${local.prefix}-scheduler"
    plan_role            = "${local.prefix}-plan"
    apply_role           = "${local.prefix}-apply"
    secret               = local.prefix
    apply_secret         = "${local.prefix}-apply"
    key_alias            = "alias/${local.prefix}"
    log_group            = "/aws/lambda/${local.prefix}"
    apply_log_group      = "/aws/lambda/${local.prefix}-apply"
    layer                = "${local.prefix}-terraform"
    schedule             = "${local.prefix}-poll"
    apply_schedule       = "${local.prefix}-apply-poll"
    permissions_boundary = "${local.prefix}-boundary"
    operator_policy      = "${local.prefix}-operator"
    keepalive_policy     = "${local.prefix}-keepalive"
  }
}
