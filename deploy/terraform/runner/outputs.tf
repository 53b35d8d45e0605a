output "function_name" {
  description = "The plan function's name (the keep-alive identity may invoke it)."
  value       = aws_lambda_function.runner["plan"].function_name
}

output "function_arn" {
  description = "The plan function's ARN."
  value       = aws_lambda_function.runner["plan"].arn
}

output "function_url" {
  description = "The plan runner's webhook URL: GitLab > Settings > Webhooks (Job events), with its webhook secret as the token."
  value       = aws_lambda_function_url.webhook["plan"].function_url
}

output "apply_function_name" {
  description = "The apply function's name."
  value       = aws_lambda_function.runner["apply"].function_name
}

output "apply_function_arn" {
  description = "The apply function's ARN."
  value       = aws_lambda_function.runner["apply"].arn
}

output "apply_function_url" {
  description = "The apply runner's webhook URL, with the apply runner's webhook secret as the token."
  value       = aws_lambda_function_url.webhook["apply"].function_url
}

output "secret_arn" {
  description = "RUNNER_SECRETS_SECRET_ID for register / secrets put of the plan runner."
  value       = aws_secretsmanager_secret.runner["plan"].arn
}

output "apply_secret_arn" {
  description = "RUNNER_SECRETS_SECRET_ID for register / secrets put of the apply runner."
  value       = aws_secretsmanager_secret.runner["apply"].arn
}

output "kms_key_arn" {
  description = "RUNNER_SECRETS_KMS_KEY_ID for register / secrets put."
  value       = aws_kms_key.runner.arn
}

output "kms_key_alias" {
  description = "Alias of the runner's KMS key."
  value       = aws_kms_alias.runner.name
}

output "runner_name" {
  description = "RUNNER_SECRETS_RUNNER_NAME of the plan runner, its encryption context."
  value       = var.runner_name
}

output "apply_runner_name" {
  description = "RUNNER_SECRETS_RUNNER_NAME of the apply runner (<runner_name>-apply), its encryption context."
  value       = module.contract.apply_runner_name
}

output "plan_role_arn" {
  description = "The keyless plan role."
  value       = aws_iam_role.plan.arn
}

output "apply_role_arn" {
  description = "The keyless apply role."
  value       = aws_iam_role.apply.arn
}

output "oidc_provider_arn" {
  description = "The IAM OIDC provider the keyless roles trust."
  value       = local.oidc_provider_arn
}

output "log_group_name" {
  description = "The function's log group."
  value       = aws_cloudwatch_log_group.runner["plan"].name
}

output "terraform_layer_arn" {
  description = "The Terraform layer version the function uses."
  value       = aws_lambda_layer_version.terraform.arn
}
