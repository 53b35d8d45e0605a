output "names" {
  description = "Resource names of the stack (module names)."
  value       = local.names
}

output "apply_runner_name" {
  description = "The apply runner's name (its encryption context)."
  value       = local.apply_runner_name
}

output "environment" {
  description = "The plan function's environment variables."
  value       = local.environment
}

output "apply_environment" {
  description = "The apply function's environment variables."
  value       = local.apply_environment
}

output "schedule_input" {
  description = "The event EventBridge Scheduler sends (the poll trigger)."
  value       = jsonencode({ trigger = "schedule" })
}

output "key_policy" {
  description = "Key policy of the runner's KMS key: operators encrypt, each function role decrypts only its own runner's documents."
  value       = jsonencode(local.key_policy)
}

output "function_trust_policy" {
  description = "Trust policy of both function roles."
  value       = jsonencode(local.function_trust_policy)
}

output "function_runner_policy" {
  description = "Inline policy 'runner' of the plan function's role."
  value       = jsonencode(local.function_runner_policies.plan)
}

output "function_key_policy" {
  description = "Inline policy 'decrypt-runner-document' of the plan function's role."
  value       = jsonencode(local.function_key_policies.plan)
}

output "apply_function_runner_policy" {
  description = "Inline policy 'runner' of the apply function's role."
  value       = jsonencode(local.function_runner_policies.apply)
}

output "apply_function_key_policy" {
  description = "Inline policy 'decrypt-runner-document' of the apply function's role."
  value       = jsonencode(local.function_key_policies.apply)
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
  description = "Inline policy 'invoke-runner' of the scheduler role (both functions)."
  value       = jsonencode(local.scheduler_policy)
}
