# The two functions' environments and every policy document of the runner stack, as data. The runner module
# attaches them to its resources; deploy/sam/template.yaml writes the same documents, and the deploy tests
# render this module offline and compare it with the SAM stack deployed to moto.
#
# IAM wildcard convention (checked by the deploy tests): a statement whose Action or Resource holds a "*" or
# "?" must have a Sid starting with "Wildcard", and the comment lines right above that Sid must say why,
# starting with "# wildcard:".

module "names" {
  source      = "../names"
  runner_name = var.runner_name
}

locals {
  names  = module.names.all
  issuer = trimprefix(var.gitlab_url, "https://")

  apply_runner_name = module.names.apply_runner_name

  # The runner's configuration, in the env names the runner reads (docs/configuration.md): what both runners share.
  common_environment = merge(
    {
      DISABLE_SIGNAL_HANDLERS       = "true"
      RUNNER_GITLAB_URL             = var.gitlab_url
      RUNNER_SECRETS_KMS_KEY_ID     = var.key_arn
      RUNNER_TERRAFORM_PATH         = "/opt/bin/terraform"
      RUNNER_WORK_DIR               = "/tmp/lambda-runner"
      RUNNER_MAX_JOB_TIMEOUT        = var.max_job_timeout
      RUNNER_LAMBDA_RESERVE         = var.lambda_reserve
      RUNNER_KEYLESS_PLAN_ROLE_ARN  = var.plan_role_arn
      RUNNER_KEYLESS_AUDIENCE       = var.oidc_audience
      RUNNER_KEYLESS_TOKEN_VARIABLE = var.keyless_token_variable
    },
    var.tofu_path == "" ? {} : { RUNNER_TERRAFORM_TOFU_PATH = var.tofu_path },
    var.provider_mirror_dir == "" ? {} : { RUNNER_TERRAFORM_PROVIDER_MIRROR_DIR = var.provider_mirror_dir },
  )

  # The plan runner takes jobs of every ref: no apply role, and its secret may hold no protected-refs-only set.
  environment = merge(local.common_environment, {
    RUNNER_SECRETS_SECRET_ID      = var.secret_arn
    RUNNER_SECRETS_RUNNER_NAME    = var.runner_name
    RUNNER_SECRETS_PROTECTED_SETS = "false"
  })

  # The apply runner takes jobs of protected refs only (registered ref_protected).
  apply_environment = merge(local.common_environment, {
    RUNNER_SECRETS_SECRET_ID      = var.apply_secret_arn
    RUNNER_SECRETS_RUNNER_NAME    = local.apply_runner_name
    RUNNER_KEYLESS_APPLY_ROLE_ARN = var.apply_role_arn
    RUNNER_KEYLESS_APPLY_PROJECTS = join(",", var.project_paths)
  })

  # Each function's role, secret, log group and encryption context; the documents below are written per runner.
  runners = {
    plan = {
      name      = var.runner_name
      role_arn  = var.function_role_arn
      secret    = var.secret_arn
      function  = local.names.function
      log_group = local.names.log_group
    }
    apply = {
      name      = local.apply_runner_name
      role_arn  = var.apply_function_role_arn
      secret    = var.apply_secret_arn
      function  = local.names.apply_function
      log_group = local.names.apply_log_group
    }
  }

  key_policy = {
    Version = "2012-10-17"
    Statement = [
      {
        # wildcard: in a key policy Resource "*" means this key. The account may administer the key through
        # IAM (so it cannot be locked out) but gets no cryptographic action: nobody can grant itself Decrypt.
        Sid       = "WildcardKeyAdministration"
        Effect    = "Allow"
        Principal = { AWS = "arn:${var.partition}:iam::${var.account_id}:root" }
        Action = [
          "kms:CancelKeyDeletion",
          "kms:CreateAlias",
          "kms:DeleteAlias",
          "kms:DescribeKey",
          "kms:DisableKey",
          "kms:DisableKeyRotation",
          "kms:EnableKey",
          "kms:EnableKeyRotation",
          "kms:GetKeyPolicy",
          "kms:GetKeyRotationStatus",
          "kms:ListResourceTags",
          "kms:PutKeyPolicy",
          "kms:ScheduleKeyDeletion",
          "kms:TagResource",
          "kms:UntagResource",
          "kms:UpdateAlias",
          "kms:UpdateKeyDescription",
        ]
        Resource = "*"
      },
      {
        # wildcard: in a key policy Resource "*" means this key. Operators encrypt, only under the two runners' contexts.
        Sid       = "WildcardEncryptByOperators"
        Effect    = "Allow"
        Principal = { AWS = var.operator_principal_arns }
        Action    = "kms:Encrypt"
        Resource  = "*"
        Condition = { StringEquals = { "kms:EncryptionContext:runner" = [var.runner_name, local.apply_runner_name] } }
      },
      {
        # wildcard: in a key policy Resource "*" means this key. The plan function's role decrypts only the plan runner's documents.
        Sid       = "WildcardDecryptByFunctionRole"
        Effect    = "Allow"
        Principal = { AWS = var.function_role_arn }
        Action    = "kms:Decrypt"
        Resource  = "*"
        Condition = { StringEquals = { "kms:EncryptionContext:runner" = var.runner_name } }
      },
      {
        # wildcard: in a key policy Resource "*" means this key. The apply function's role decrypts only the apply runner's documents.
        Sid       = "WildcardDecryptByApplyFunctionRole"
        Effect    = "Allow"
        Principal = { AWS = var.apply_function_role_arn }
        Action    = "kms:Decrypt"
        Resource  = "*"
        Condition = { StringEquals = { "kms:EncryptionContext:runner" = local.apply_runner_name } }
      },
    ]
  }

  function_trust_policy = {
    Version = "2012-10-17"
    Statement = [{
      Sid       = "LambdaService"
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  }

  # Each function's own secret, its own self-invoke, its own logs; nothing of the other runner.
  function_runner_policies = { for kind, r in local.runners : kind => {
    Version = "2012-10-17"
    Statement = concat(
      [
        {
          Sid      = "ReadRunnerSecret"
          Effect   = "Allow"
          Action   = "secretsmanager:GetSecretValue"
          Resource = r.secret
        },
        {
          # Built from the name, like the SAM template (there the function's ARN would be a circular reference).
          Sid      = "InvokeItself"
          Effect   = "Allow"
          Action   = "lambda:InvokeFunction"
          Resource = "arn:${var.partition}:lambda:${var.region}:${var.account_id}:function:${r.function}"
        },
        {
          # wildcard: Lambda names the log streams in the function's own log group (one per execution environment).
          Sid      = "WildcardWriteOwnLogStreams"
          Effect   = "Allow"
          Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
          Resource = "arn:${var.partition}:logs:${var.region}:${var.account_id}:log-group:${r.log_group}:*"
        },
      ],
      var.xray_tracing ? [
        {
          # wildcard: X-Ray's PutTraceSegments and PutTelemetryRecords have no resource-level permissions.
          Sid      = "WildcardXRayWrite"
          Effect   = "Allow"
          Action   = ["xray:PutTelemetryRecords", "xray:PutTraceSegments"]
          Resource = "*"
        },
      ] : [],
    )
  } }

  # Each function decrypts only under its own runner's encryption context.
  function_key_policies = { for kind, r in local.runners : kind => {
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DecryptRunnerDocument"
      Effect    = "Allow"
      Action    = "kms:Decrypt"
      Resource  = var.key_arn
      Condition = { StringEquals = { "kms:EncryptionContext:runner" = r.name } }
    }]
  } }

  # Plan: any branch of the listed projects.
  plan_trust_policy = {
    Version   = "2012-10-17"
    Statement = [local.projects_statement]
  }

  projects_statement = {
    Sid       = "GitLabJobsOfProjects"
    Effect    = "Allow"
    Principal = { Federated = var.oidc_provider_arn }
    Action    = "sts:AssumeRoleWithWebIdentity"
    Condition = {
      StringEquals = { "${local.issuer}:aud" = var.oidc_audience }
      StringLike   = { "${local.issuer}:sub" = [for p in var.project_paths : "project_path:${p}:ref_type:branch:ref:*"] }
    }
  }

  # Apply: the same projects, and a Deny for every other ref than apply_branch. The same shape as the SAM
  # template, which cannot append the branch to every listed path. Neither project paths nor branch names
  # contain ':', so together they mean exactly project_path:<listed>:ref_type:branch:ref:<apply_branch>.
  # This is the gate for keyless apply: any job can mint an ID token with this audience and call STS itself,
  # and IAM sees only aud and sub of a GitLab token (not ref_protected), so apply_branch must be protected.
  apply_trust_policy = {
    Version = "2012-10-17"
    Statement = [
      local.projects_statement,
      {
        Sid       = "OnlyApplyBranch"
        Effect    = "Deny"
        Principal = { Federated = var.oidc_provider_arn }
        Action    = "sts:AssumeRoleWithWebIdentity"
        Condition = {
          StringNotLike = { "${local.issuer}:sub" = "project_path:*:ref_type:branch:ref:${var.apply_branch}" }
        }
      },
    ]
  }

  scheduler_trust_policy = {
    Version = "2012-10-17"
    Statement = [{
      Sid       = "SchedulerService"
      Effect    = "Allow"
      Principal = { Service = "scheduler.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "aws:SourceAccount" = var.account_id } }
    }]
  }

  scheduler_policy = {
    Version = "2012-10-17"
    Statement = [{
      Sid      = "InvokeRunners"
      Effect   = "Allow"
      Action   = "lambda:InvokeFunction"
      Resource = [var.function_arn, var.apply_function_arn]
    }]
  }
}
