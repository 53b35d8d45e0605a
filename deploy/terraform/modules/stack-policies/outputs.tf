output "names" {
  description = "Resource names of the stack (module names)."
  value       = local.names
}

output "environment" {
  description = "The function's environment variables."
  value       = local.environment
}

output "schedule_input" {
  description = "The event EventBridge Scheduler sends (the poll trigger)."
  value       = jsonencode({ trigger = "schedule" })
}

output "key_policy" {
  description = "Key policy of the runner's KMS key: operators encrypt, only the function role decrypts."
  value       = jsonencode(local.key_policy)
}

output "function_trust_policy" {
  description = "Trust policy of the function role."
  value       = jsonencode(local.function_trust_policy)
}

output "function_runner_policy" {
  description = "Inline policy 'runner' of the function role."
  value       = jsonencode(local.function_runner_policy)
}

output "function_key_policy" {
  description = "Inline policy 'decrypt-runner-document' of the function role."
  value       = jsonencode(local.function_key_policy)
}

output "plan_trust_policy" {
  description = "Trust policy of the keyless plan role."
  value       = jsonencode(local.plan_trust_policy)
}

output "apply_trust_policy" {
  description = "Trust policy of the keyless apply role."
  value       = jsonencode(local.apply_trust_policy)
}

output "scheduler_trust_policy" {
  description = "Trust policy of the scheduler role."
  value       = jsonencode(local.scheduler_trust_policy)
}

output "scheduler_policy" {
  description = "Inline policy 'invoke-runner' of the scheduler role."
  value       = jsonencode(local.scheduler_policy)
}
