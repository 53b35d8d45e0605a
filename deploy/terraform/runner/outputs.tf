output "function_name" {
  description = "The function's name (the keep-alive identity may invoke it)."
  value       = aws_lambda_function.runner.function_name
}

output "function_arn" {
  description = "The function's ARN."
  value       = aws_lambda_function.runner.arn
}

output "function_url" {
  description = "Paste into GitLab > Settings > Webhooks (Job events) with the webhook secret as the token."
  value       = aws_lambda_function_url.webhook.function_url
}

output "secret_arn" {
  description = "RUNNER_SECRETS_SECRET_ID for register / secrets put."
  value       = aws_secretsmanager_secret.runner.arn
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
  description = "RUNNER_SECRETS_RUNNER_NAME, the encryption context."
  value       = var.runner_name
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
  value       = aws_cloudwatch_log_group.runner.name
}

output "terraform_layer_arn" {
  description = "The Terraform layer version the function uses."
  value       = aws_lambda_layer_version.terraform.arn
}
