# The poll schedules, one per function; the webhooks' Function URLs are in main.tf with the functions.

resource "aws_scheduler_schedule" "poll" {
  name                = local.names.schedule
  description         = "Starts a poll of GitLab plan runner ${var.runner_name}"
  schedule_expression = var.poll_rate
  state               = var.poll_schedule_enabled ? "ENABLED" : "DISABLED"

  flexible_time_window {
    mode = "OFF"
  }

  target {
    arn      = aws_lambda_function.runner.arn
    role_arn = aws_iam_role.scheduler.arn
    input    = module.contract.schedule_input

    retry_policy {
      maximum_retry_attempts = 0
    }
  }
}

resource "aws_scheduler_schedule" "apply_poll" {
  name                = local.names.apply_schedule
  description         = "Starts a poll of GitLab apply runner ${module.contract.apply_runner_name}"
  schedule_expression = var.poll_rate
  state               = var.poll_schedule_enabled ? "ENABLED" : "DISABLED"

  flexible_time_window {
    mode = "OFF"
  }

  target {
    arn      = aws_lambda_function.apply.arn
    role_arn = aws_iam_role.scheduler.arn
    input    = module.contract.schedule_input

    retry_policy {
      maximum_retry_attempts = 0
    }
  }
}
