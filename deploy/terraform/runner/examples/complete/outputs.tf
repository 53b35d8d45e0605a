output "function_url" {
  description = "The plan runner's webhook URL."
  value       = module.runner.function_url
}

output "apply_function_url" {
  description = "The apply runner's webhook URL."
  value       = module.runner.apply_function_url
}

output "function_name" {
  description = "The function (for keepalive)."
  value       = module.runner.function_name
}

output "secret_arn" {
  description = "RUNNER_SECRETS_SECRET_ID of the plan runner."
  value       = module.runner.secret_arn
}

output "apply_secret_arn" {
  description = "RUNNER_SECRETS_SECRET_ID of the apply runner."
  value       = module.runner.apply_secret_arn
}

output "apply_runner_name" {
  description = "RUNNER_SECRETS_RUNNER_NAME of the apply runner."
  value       = module.runner.apply_runner_name
}

output "kms_key_arn" {
  description = "RUNNER_SECRETS_KMS_KEY_ID."
  value       = module.runner.kms_key_arn
}

output "plan_role_arn" {
  description = "The keyless plan role."
  value       = module.runner.plan_role_arn
}

output "apply_role_arn" {
  description = "The keyless apply role."
  value       = module.runner.apply_role_arn
}
