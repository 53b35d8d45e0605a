output "names" {
  description = "Resource names of the runner stack (module names)."
  value       = local.n
}

output "permissions_boundary_arn" {
  description = "ARN the permissions boundary policy gets (named names.permissions_boundary)."
  value       = local.boundary_arn
}

output "setup_policies" {
  description = "Policies of the setup identity: deploy and update this runner stack, nothing else (two, as one managed policy holds at most 6,144 characters)."
  value = {
    deploy = jsonencode({ Version = "2012-10-17", Statement = local.setup_deploy_statements })
    iam    = jsonencode({ Version = "2012-10-17", Statement = local.setup_iam_statements })
  }
}

output "operator_policy" {
  description = "Policy of the operator identity: encrypt and store the runner's secret document."
  value       = jsonencode(local.operator_policy)
}

output "keepalive_policy" {
  description = "Policy of the keep-alive identity: invoke the two functions, nothing else."
  value       = jsonencode(local.keepalive_policy)
}

output "permissions_boundary_policy" {
  description = "Permissions boundary of the function and scheduler roles."
  value       = jsonencode(local.permissions_boundary)
}

output "artifacts_bucket_policy" {
  description = "Bucket policy of the artifacts bucket: TLS only."
  value       = jsonencode(local.artifacts_bucket_policy)
}
