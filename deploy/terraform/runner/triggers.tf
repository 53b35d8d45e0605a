# The poll schedules, one per function; the webhooks' Function URLs are in main.tf with the functions.

resource "aws_scheduler_schedule" "poll" {
  for_each            = local.runners
  name                = each.value.schedule
  description         = "Starts a poll of GitLab ${each.key} runner ${each.value.runner_name}"
  schedule_expression = var.poll_rate
  state               = var.poll_schedule_enabled ? "ENABLED" : "DISABLED"

  flexible_time_window {
    mode = "OFF"
  }

  target {
    arn      = aws_lambda_function.runner[each.key].arn
    role_arn = aws_iam_role.scheduler.arn
    input    = module.contract.schedule_input

    retry_policy {
      maximum_retry_attempts = 0
    }
  }
}
