output "function_url" {
  description = "The GitLab job webhook URL."
  value       = module.runner.function_url
}

output "function_name" {
  description = "The function (for keepalive)."
  value       = module.runner.function_name
}

output "secret_arn" {
  description = "RUNNER_SECRETS_SECRET_ID."
  value       = module.runner.secret_arn
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
