locals {
  identity_arns = var.identity_kind == "user" ? { for k, v in aws_iam_user.identity : k => v.arn } : { for k, v in aws_iam_role.identity : k => v.arn }
}

output "setup_identity_arn" {
  description = "Deploys and updates the runner stack (sam deploy / terraform apply of deploy/terraform/runner)."
  value       = local.identity_arns["setup"]
}

output "operator_identity_arn" {
  description = "Runs register / secrets put; pass it as OperatorPrincipalArns (operator_principal_arns)."
  value       = local.identity_arns["operator"]
}

output "keepalive_identity_arn" {
  description = "Runs keepalive: may invoke the plan and apply functions, nothing else."
  value       = local.identity_arns["keepalive"]
}

output "artifacts_bucket" {
  description = "Private bucket for sam deploy --s3-bucket, the runner module's artifacts_bucket and its Terraform state."
  value       = aws_s3_bucket.artifacts.bucket
}

output "permissions_boundary_arn" {
  description = "Pass as PermissionsBoundaryArn (permissions_boundary_arn) when deploying the runner stack."
  value       = aws_iam_policy.boundary.arn
}

output "runner_name" {
  description = "The runner's name the identities are scoped to."
  value       = var.runner_name
}
