# The functions' execution roles: each its own secret, the key (only under its own runner's encryption context),
# its own logs, waking itself up; X-Ray only when tracing is on. Nothing else, and nothing of the other runner.

resource "aws_iam_role" "function" {
  for_each             = local.runners
  name                 = each.value.function_role
  description          = "Execution role of GitLab ${each.key} runner ${each.value.runner_name}: its secret, its key, its own logs, waking itself up"
  assume_role_policy   = module.contract.function_trust_policy
  permissions_boundary = local.boundary
  tags                 = local.tags
}

resource "aws_iam_role_policy" "function_runner" {
  for_each = local.runners
  name     = "runner"
  role     = aws_iam_role.function[each.key].id
  policy   = local.runner_policies[each.key]
}

# Apart from the role: the key policy names the role, so the role cannot name the key.
resource "aws_iam_role_policy" "function_key" {
  for_each = local.runners
  name     = "decrypt-runner-document"
  role     = aws_iam_role.function[each.key].id
  policy   = local.runner_key_policies[each.key]
}

resource "aws_iam_role" "scheduler" {
  name                 = local.names.scheduler_role
  description          = "Lets EventBridge Scheduler start polls of GitLab runner ${var.runner_name}"
  assume_role_policy   = module.contract.scheduler_trust_policy
  permissions_boundary = local.boundary
  tags                 = local.tags
}

resource "aws_iam_role_policy" "scheduler" {
  name   = "invoke-runner"
  role   = aws_iam_role.scheduler.id
  policy = module.contract.scheduler_policy
}
