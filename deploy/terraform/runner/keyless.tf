# Keyless AWS credentials for Terraform jobs: a job's GitLab ID token is exchanged with STS
# (AssumeRoleWithWebIdentity) for the plan role, or on the protected apply branch for the apply role.
# Their permissions are yours to attach (plan_policy_arns, apply_policy_arns).

resource "aws_iam_openid_connect_provider" "gitlab" {
  count          = var.existing_oidc_provider_arn == "" ? 1 : 0
  url            = var.gitlab_url
  client_id_list = [var.oidc_audience]
  tags           = local.tags
}

resource "aws_iam_role" "plan" {
  name                 = local.names.plan_role
  description          = "Assumed by Terraform plan jobs of runner ${var.runner_name} with their GitLab ID token"
  max_session_duration = 3600
  assume_role_policy   = module.contract.plan_trust_policy
  tags                 = local.tags
}

resource "aws_iam_role_policy_attachment" "plan" {
  for_each   = toset(var.plan_policy_arns)
  role       = aws_iam_role.plan.name
  policy_arn = each.value
}

resource "aws_iam_role" "apply" {
  name                 = local.names.apply_role
  description          = "Assumed by Terraform apply jobs of runner ${var.runner_name} on ${var.apply_branch} with their GitLab ID token"
  max_session_duration = 3600
  assume_role_policy   = module.contract.apply_trust_policy
  tags                 = local.tags
}

resource "aws_iam_role_policy_attachment" "apply" {
  for_each   = toset(var.apply_policy_arns)
  role       = aws_iam_role.apply.name
  policy_arn = each.value
}
