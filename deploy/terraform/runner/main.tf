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
  secret_arn              = aws_secretsmanager_secret.runner.arn
  apply_secret_arn        = aws_secretsmanager_secret.apply.arn
  key_arn                 = aws_kms_key.runner.arn
  function_role_arn       = aws_iam_role.function.arn
  function_arn            = aws_lambda_function.runner.arn
  apply_function_role_arn = aws_iam_role.apply_function.arn
  apply_function_arn      = aws_lambda_function.apply.arn
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
  name        = local.names.secret
  description = "KMS-encrypted secret document of GitLab plan runner ${var.runner_name} (runner token, webhook secret, all-refs credential sets)"
  tags        = local.tags
}

resource "aws_secretsmanager_secret" "apply" {
  name        = local.names.apply_secret
  description = "KMS-encrypted secret document of GitLab apply runner ${module.contract.apply_runner_name} (runner token, webhook secret, credential sets)"
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
  name              = local.names.log_group
  retention_in_days = var.log_retention_days
  tags              = local.tags
}

resource "aws_cloudwatch_log_group" "apply" {
  name              = local.names.apply_log_group
  retention_in_days = var.log_retention_days
  tags              = local.tags
}

resource "aws_lambda_function" "runner" {
  function_name = local.names.function
  description   = "GitLab plan runner ${var.runner_name}: polls GitLab for jobs tagged lambda-terraform and runs their Terraform"
  role          = aws_iam_role.function.arn
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
    log_group  = aws_cloudwatch_log_group.runner.name
  }

  environment {
    variables = module.contract.environment
  }

  depends_on = [aws_iam_role_policy.function_runner, aws_iam_role_policy.function_key]
}

# The same code and layer, its own role, log group, secret and environment (apply role, protected credential sets).
resource "aws_lambda_function" "apply" {
  function_name                  = local.names.apply_function
  description                    = "GitLab apply runner ${module.contract.apply_runner_name}: polls GitLab for protected-ref jobs tagged lambda-terraform-apply"
  role                           = aws_iam_role.apply_function.arn
  s3_bucket                      = aws_s3_object.function.bucket
  s3_key                         = aws_s3_object.function.key
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
    log_group  = aws_cloudwatch_log_group.apply.name
  }

  environment {
    variables = module.contract.apply_environment
  }

  depends_on = [aws_iam_role_policy.apply_function_runner, aws_iam_role_policy.apply_function_key]
}

# A poll is never retried by Lambda: the next schedule or webhook starts a fresh one.
resource "aws_lambda_function_event_invoke_config" "runner" {
  function_name          = aws_lambda_function.runner.function_name
  qualifier              = "$LATEST"
  maximum_retry_attempts = 0
}

# GitLab's job webhook. AuthType NONE because GitLab cannot sign requests; the runner checks X-Gitlab-Token.
# Since October 2025 a public Function URL needs both permissions below.
resource "aws_lambda_function_url" "webhook" {
  function_name      = aws_lambda_function.runner.function_name
  authorization_type = "NONE"
  invoke_mode        = "BUFFERED"
}

resource "aws_lambda_permission" "webhook_url" {
  statement_id           = "GitLabWebhookUrl"
  action                 = "lambda:InvokeFunctionUrl"
  function_name          = aws_lambda_function.runner.function_name
  principal              = "*"
  function_url_auth_type = "NONE"
}

resource "aws_lambda_permission" "webhook_invoke" {
  statement_id             = "GitLabWebhookInvoke"
  action                   = "lambda:InvokeFunction"
  function_name            = aws_lambda_function.runner.function_name
  principal                = "*"
  invoked_via_function_url = true
}

resource "aws_lambda_function_event_invoke_config" "apply" {
  function_name          = aws_lambda_function.apply.function_name
  qualifier              = "$LATEST"
  maximum_retry_attempts = 0
}

# The apply function's own webhook URL, with the apply runner's webhook secret.
resource "aws_lambda_function_url" "apply_webhook" {
  function_name      = aws_lambda_function.apply.function_name
  authorization_type = "NONE"
  invoke_mode        = "BUFFERED"
}

resource "aws_lambda_permission" "apply_webhook_url" {
  statement_id           = "GitLabWebhookUrl"
  action                 = "lambda:InvokeFunctionUrl"
  function_name          = aws_lambda_function.apply.function_name
  principal              = "*"
  function_url_auth_type = "NONE"
}

resource "aws_lambda_permission" "apply_webhook_invoke" {
  statement_id             = "GitLabWebhookInvoke"
  action                   = "lambda:InvokeFunction"
  function_name            = aws_lambda_function.apply.function_name
  principal                = "*"
  invoked_via_function_url = true
}
