# Stacks applied before the per-runner resources became one block each (for_each over local.runners) keep their
# resources: Terraform moves them to the new addresses instead of destroying and re-creating the functions, roles,
# secrets and log groups. Safe to keep; remove only when no such stack is left.

moved {
  from = aws_secretsmanager_secret.runner
  to   = aws_secretsmanager_secret.runner["plan"]
}

moved {
  from = aws_secretsmanager_secret.apply
  to   = aws_secretsmanager_secret.runner["apply"]
}

moved {
  from = aws_cloudwatch_log_group.runner
  to   = aws_cloudwatch_log_group.runner["plan"]
}

moved {
  from = aws_cloudwatch_log_group.apply
  to   = aws_cloudwatch_log_group.runner["apply"]
}

moved {
  from = aws_lambda_function.runner
  to   = aws_lambda_function.runner["plan"]
}

moved {
  from = aws_lambda_function.apply
  to   = aws_lambda_function.runner["apply"]
}

moved {
  from = aws_lambda_function_event_invoke_config.runner
  to   = aws_lambda_function_event_invoke_config.runner["plan"]
}

moved {
  from = aws_lambda_function_event_invoke_config.apply
  to   = aws_lambda_function_event_invoke_config.runner["apply"]
}

moved {
  from = aws_lambda_function_url.webhook
  to   = aws_lambda_function_url.webhook["plan"]
}

moved {
  from = aws_lambda_function_url.apply_webhook
  to   = aws_lambda_function_url.webhook["apply"]
}

moved {
  from = aws_lambda_permission.webhook_url
  to   = aws_lambda_permission.webhook_url["plan"]
}

moved {
  from = aws_lambda_permission.apply_webhook_url
  to   = aws_lambda_permission.webhook_url["apply"]
}

moved {
  from = aws_lambda_permission.webhook_invoke
  to   = aws_lambda_permission.webhook_invoke["plan"]
}

moved {
  from = aws_lambda_permission.apply_webhook_invoke
  to   = aws_lambda_permission.webhook_invoke["apply"]
}

moved {
  from = aws_iam_role.function
  to   = aws_iam_role.function["plan"]
}

moved {
  from = aws_iam_role.apply_function
  to   = aws_iam_role.function["apply"]
}

moved {
  from = aws_iam_role_policy.function_runner
  to   = aws_iam_role_policy.function_runner["plan"]
}

moved {
  from = aws_iam_role_policy.apply_function_runner
  to   = aws_iam_role_policy.function_runner["apply"]
}

moved {
  from = aws_iam_role_policy.function_key
  to   = aws_iam_role_policy.function_key["plan"]
}

moved {
  from = aws_iam_role_policy.apply_function_key
  to   = aws_iam_role_policy.function_key["apply"]
}

moved {
  from = aws_scheduler_schedule.poll
  to   = aws_scheduler_schedule.poll["plan"]
}

moved {
  from = aws_scheduler_schedule.apply_poll
  to   = aws_scheduler_schedule.poll["apply"]
}
