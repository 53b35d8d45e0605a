# The runner stack: the same resources as deploy/sam/template.yaml. Names, the functions' environments and
# every policy document come from ../modules/stack-policies, which the deploy tests compare with the SAM stack.
#
# Two runners, two execution environments: the plan function (registered not_protected, tag lambda-terraform,
# jobs of every ref, the plan role only) and the apply function (registered ref_protected, tag
# lambda-terraform-apply, the apply role and protected-refs-only credential sets). Code of an unmerged branch
# never runs where apply credentials live.

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

module "contract" {
  source = "../modules/stack-policies"

  runner_name             = var.runner_name
  gitlab_url              = var.gitlab_url
  partition               = data.aws_partition.current.partition
  region                  = data.aws_region.current.region
  account_id              = data.aws_caller_identity.current.account_id
  secret_arn              = aws_secretsmanager_secret.runner["plan"].arn
  apply_secret_arn        = aws_secretsmanager_secret.runner["apply"].arn
  key_arn                 = aws_kms_key.runner.arn
  function_role_arn       = aws_iam_role.function["plan"].arn
  function_arn            = aws_lambda_function.runner["plan"].arn
  apply_function_role_arn = aws_iam_role.function["apply"].arn
  apply_function_arn      = aws_lambda_function.runner["apply"].arn
  oidc_provider_arn       = local.oidc_provider_arn
  plan_role_arn           = aws_iam_role.plan.arn
  apply_role_arn          = aws_iam_role.apply.arn
  operator_principal_arns = var.operator_principal_arns
  project_paths           = var.project_paths
  apply_branch            = var.apply_branch
  oidc_audience           = var.oidc_audience
  keyless_token_variable  = var.keyless_token_variable
  max_job_timeout         = var.max_job_timeout
  lambda_reserve          = var.lambda_reserve
  tofu_path               = var.tofu_path
  provider_mirror_dir     = var.provider_mirror_dir
  xray_tracing            = var.xray_tracing
}

locals {
  names             = module.contract.names
  tags              = merge(var.tags, { gitlab-runner = var.runner_name })
  boundary          = var.permissions_boundary_arn == "" ? null : var.permissions_boundary_arn
  oidc_provider_arn = var.existing_oidc_provider_arn == "" ? aws_iam_openid_connect_provider.gitlab[0].arn : var.existing_oidc_provider_arn

  # The two runners. Each gets one of every per-runner resource below (for_each); only names and texts come from
  # here, so that no resource depends on another runner's.
  runners = {
    plan = {
      runner_name          = var.runner_name
      function             = local.names.function
      function_role        = local.names.function_role
      log_group            = local.names.log_group
      secret               = local.names.secret
      schedule             = local.names.schedule
      secret_holds         = "runner token, webhook secret, all-refs credential sets"
      function_description = "GitLab plan runner ${var.runner_name}: polls GitLab for jobs tagged lambda-terraform and runs their Terraform"
    }
    apply = {
      runner_name          = module.contract.apply_runner_name
      function             = local.names.apply_function
      function_role        = local.names.apply_function_role
      log_group            = local.names.apply_log_group
      secret               = local.names.apply_secret
      schedule             = local.names.apply_schedule
      secret_holds         = "runner token, webhook secret, credential sets"
      function_description = "GitLab apply runner ${module.contract.apply_runner_name}: polls GitLab for protected-ref jobs tagged lambda-terraform-apply"
    }
  }
  # Each its own local: the contract's documents name the functions and secrets above, and one local is one node in
  # Terraform's graph, so putting them in `runners` would make every resource depend on every other.
  runner_environments = {
    plan  = module.contract.environment
    apply = module.contract.apply_environment
  }
  runner_policies = {
    plan  = module.contract.function_runner_policy
    apply = module.contract.apply_function_runner_policy
  }
  runner_key_policies = {
    plan  = module.contract.function_key_policy
    apply = module.contract.apply_function_key_policy
  }
}

# ---- Secrets: one KMS key, each function decrypting only under its own runner's context, and a secret per runner ----

resource "aws_kms_key" "runner" {
  description              = "Encrypts the secret document of GitLab runner ${var.runner_name} (context runner=${var.runner_name})"
  enable_key_rotation      = true
  deletion_window_in_days  = 30
  key_usage                = "ENCRYPT_DECRYPT"
  customer_master_key_spec = "SYMMETRIC_DEFAULT"
  policy                   = module.contract.key_policy
  tags                     = local.tags
}

resource "aws_kms_alias" "runner" {
  name          = local.names.key_alias
  target_key_id = aws_kms_key.runner.key_id
}

# No value here: `register` / `secrets put` write the KMS-encrypted document.
resource "aws_secretsmanager_secret" "runner" {
  for_each    = local.runners
  name        = each.value.secret
  description = "KMS-encrypted secret document of GitLab ${each.key} runner ${each.value.runner_name} (${each.value.secret_holds})"
  tags        = local.tags
}

# ---- The function ----

resource "aws_s3_object" "function" {
  bucket = var.artifacts_bucket
  key    = "${local.names.function}/function-${filesha256(var.function_zip)}.zip"
  source = var.function_zip
}

resource "aws_s3_object" "layer" {
  bucket = var.artifacts_bucket
  key    = "${local.names.layer}/terraform-layer-${filesha256(var.layer_zip)}.zip"
  source = var.layer_zip
}

resource "aws_lambda_layer_version" "terraform" {
  layer_name               = local.names.layer
  description              = "Terraform binary at /opt/bin/terraform, built and checksum-verified by deploy/layer/build.sh"
  s3_bucket                = aws_s3_object.layer.bucket
  s3_key                   = aws_s3_object.layer.key
  source_code_hash         = filebase64sha256(var.layer_zip)
  compatible_runtimes      = ["provided.al2023"]
  compatible_architectures = [var.architecture]
}

resource "aws_cloudwatch_log_group" "runner" {
  for_each          = local.runners
  name              = each.value.log_group
  retention_in_days = var.log_retention_days
  tags              = local.tags
}

# Both functions: the same code and layer, each its own role, log group, secret and environment.
resource "aws_lambda_function" "runner" {
  for_each      = local.runners
  function_name = each.value.function
  description   = each.value.function_description
  role          = aws_iam_role.function[each.key].arn
  s3_bucket     = aws_s3_object.function.bucket
  s3_key        = aws_s3_object.function.key
  # What `./mvnw package -Pnative` writes: a zip holding the native `bootstrap`. The provided runtimes start
  # `bootstrap`; the handler name is not used but must be set.
  source_code_hash               = filebase64sha256(var.function_zip)
  handler                        = "not.used.in.provided.runtime"
  runtime                        = "provided.al2023"
  architectures                  = [var.architecture]
  memory_size                    = var.memory_size
  timeout                        = 900
  reserved_concurrent_executions = var.reserved_concurrency
  layers                         = [aws_lambda_layer_version.terraform.arn]
  tags                           = local.tags

  ephemeral_storage {
    size = var.ephemeral_storage_size
  }

  tracing_config {
    mode = var.xray_tracing ? "Active" : "PassThrough"
  }

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.runner[each.key].name
  }

  environment {
    variables = local.runner_environments[each.key]
  }

  depends_on = [aws_iam_role_policy.function_runner, aws_iam_role_policy.function_key]
}

# A poll is never retried by Lambda: the next schedule or webhook starts a fresh one.
resource "aws_lambda_function_event_invoke_config" "runner" {
  for_each               = local.runners
  function_name          = aws_lambda_function.runner[each.key].function_name
  qualifier              = "$LATEST"
  maximum_retry_attempts = 0
}

# GitLab's job webhook, one URL per runner with that runner's webhook secret. AuthType NONE because GitLab cannot
# sign requests; the runner checks X-Gitlab-Token. Since October 2025 a public Function URL needs both permissions
# below.
resource "aws_lambda_function_url" "webhook" {
  for_each           = local.runners
  function_name      = aws_lambda_function.runner[each.key].function_name
  authorization_type = "NONE"
  invoke_mode        = "BUFFERED"
}

resource "aws_lambda_permission" "webhook_url" {
  for_each               = local.runners
  statement_id           = "GitLabWebhookUrl"
  action                 = "lambda:InvokeFunctionUrl"
  function_name          = aws_lambda_function.runner[each.key].function_name
  principal              = "*"
  function_url_auth_type = "NONE"
}

resource "aws_lambda_permission" "webhook_invoke" {
  for_each                 = local.runners
  statement_id             = "GitLabWebhookInvoke"
  action                   = "lambda:InvokeFunction"
  function_name            = aws_lambda_function.runner[each.key].function_name
  principal                = "*"
  invoked_via_function_url = true
}
