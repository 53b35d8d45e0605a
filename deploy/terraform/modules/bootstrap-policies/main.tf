# Policy documents of the root-only bootstrap: the setup identity (deploys and updates one runner stack and
# nothing else), the operator (writes the encrypted secret documents of the plan and the apply runner), the
# keep-alive identity (invokes the functions), the permissions boundary of the function and scheduler roles, and
# the artifacts bucket policy.
# docs/minimum-privileges.md explains every statement.
#
# IAM wildcard convention (checked by the deploy tests): a statement whose Action or Resource holds a "*" or
# "?" must have a Sid starting with "Wildcard", and the comment lines right above that Sid must say why,
# starting with "# wildcard:".

module "names" {
  source      = "../names"
  runner_name = var.runner_name
}

locals {
  n      = module.names.all
  issuer = trimprefix(var.gitlab_url, "https://")

  arn_prefix = {
    cloudformation = "arn:${var.partition}:cloudformation:${var.region}:${var.account_id}"
    iam            = "arn:${var.partition}:iam::${var.account_id}"
    kms            = "arn:${var.partition}:kms:${var.region}:${var.account_id}"
    lambda         = "arn:${var.partition}:lambda:${var.region}:${var.account_id}"
    logs           = "arn:${var.partition}:logs:${var.region}:${var.account_id}"
    scheduler      = "arn:${var.partition}:scheduler:${var.region}:${var.account_id}"
    secrets        = "arn:${var.partition}:secretsmanager:${var.region}:${var.account_id}"
  }

  function_arn            = "${local.arn_prefix.lambda}:function:${local.n.function}"
  function_role_arn       = "${local.arn_prefix.iam}:role/${local.n.function_role}"
  apply_function_arn      = "${local.arn_prefix.lambda}:function:${local.n.apply_function}"
  apply_function_role_arn = "${local.arn_prefix.iam}:role/${local.n.apply_function_role}"
  function_arns           = [local.function_arn, local.apply_function_arn]
  function_role_arns      = [local.function_role_arn, local.apply_function_role_arn]
  runner_contexts         = [var.runner_name, module.names.apply_runner_name]
  scheduler_role_arn      = "${local.arn_prefix.iam}:role/${local.n.scheduler_role}"
  plan_role_arn           = "${local.arn_prefix.iam}:role/${local.n.plan_role}"
  apply_role_arn          = "${local.arn_prefix.iam}:role/${local.n.apply_role}"
  boundary_arn            = "${local.arn_prefix.iam}:policy/${local.n.permissions_boundary}"
  # Secrets Manager appends '-' and six random characters to a secret's name in its ARN.
  secret_arn_patterns = [for s in [local.n.secret, local.n.apply_secret] : "${local.arn_prefix.secrets}:secret:${s}-??????"]
  log_group_arns      = [for g in [local.n.log_group, local.n.apply_log_group] : "${local.arn_prefix.logs}:log-group:${g}"]
  layer_arn           = "${local.arn_prefix.lambda}:layer:${local.n.layer}"

  runner_tag = { "aws:ResourceTag/gitlab-runner" = var.runner_name }

  setup_deploy_statements = [
    {
      # wildcard: a stack's ARN ends in its generated stack id; the name part is fixed.
      Sid    = "WildcardRunnerStack"
      Effect = "Allow"
      Action = [
        "cloudformation:CreateChangeSet",
        "cloudformation:DeleteChangeSet",
        "cloudformation:DeleteStack",
        "cloudformation:DescribeChangeSet",
        "cloudformation:DescribeStackEvents",
        "cloudformation:DescribeStackResource",
        "cloudformation:DescribeStackResources",
        "cloudformation:DescribeStacks",
        "cloudformation:ExecuteChangeSet",
        "cloudformation:GetTemplate",
        "cloudformation:GetTemplateSummary",
        "cloudformation:ListChangeSets",
        "cloudformation:ListStackResources",
      ]
      Resource = "${local.arn_prefix.cloudformation}:stack/${local.n.stack}/*"
    },
    {
      Sid      = "SamTransform"
      Effect   = "Allow"
      Action   = "cloudformation:CreateChangeSet"
      Resource = "arn:${var.partition}:cloudformation:${var.region}:aws:transform/Serverless-2016-10-31"
    },
    {
      # wildcard: object keys are chosen by `sam deploy` (content hashes) and by the Terraform module and backend.
      Sid      = "WildcardArtifactObjects"
      Effect   = "Allow"
      Action   = ["s3:DeleteObject", "s3:GetObject", "s3:GetObjectTagging", "s3:PutObject"]
      Resource = "arn:${var.partition}:s3:::${var.artifacts_bucket}/*"
    },
    {
      Sid      = "ArtifactBucket"
      Effect   = "Allow"
      Action   = ["s3:GetBucketLocation", "s3:ListBucket"]
      Resource = "arn:${var.partition}:s3:::${var.artifacts_bucket}"
    },
    {
      # wildcard: the two functions' qualified ARNs ($LATEST for the async invoke config, versions).
      Sid    = "WildcardRunnerFunction"
      Effect = "Allow"
      Action = [
        "lambda:AddPermission",
        "lambda:CreateFunction",
        "lambda:CreateFunctionUrlConfig",
        "lambda:DeleteFunction",
        "lambda:DeleteFunctionConcurrency",
        "lambda:DeleteFunctionEventInvokeConfig",
        "lambda:DeleteFunctionUrlConfig",
        "lambda:GetFunction",
        "lambda:GetFunctionCodeSigningConfig",
        "lambda:GetFunctionConcurrency",
        "lambda:GetFunctionConfiguration",
        "lambda:GetFunctionEventInvokeConfig",
        "lambda:GetFunctionUrlConfig",
        "lambda:GetPolicy",
        "lambda:ListTags",
        "lambda:ListVersionsByFunction",
        "lambda:PutFunctionConcurrency",
        "lambda:PutFunctionEventInvokeConfig",
        "lambda:RemovePermission",
        "lambda:TagResource",
        "lambda:UntagResource",
        "lambda:UpdateFunctionCode",
        "lambda:UpdateFunctionConfiguration",
        "lambda:UpdateFunctionEventInvokeConfig",
        "lambda:UpdateFunctionUrlConfig",
      ]
      Resource = concat(local.function_arns, [for f in local.function_arns : "${f}:*"])
    },
    {
      Sid      = "PublishTerraformLayer"
      Effect   = "Allow"
      Action   = "lambda:PublishLayerVersion"
      Resource = local.layer_arn
    },
    {
      # wildcard: layer version numbers are assigned by Lambda on every publish.
      Sid      = "WildcardTerraformLayerVersions"
      Effect   = "Allow"
      Action   = ["lambda:DeleteLayerVersion", "lambda:GetLayerVersion"]
      Resource = "${local.layer_arn}:*"
    },
    {
      # wildcard: kms:CreateKey has no resource yet; the request must tag the key gitlab-runner=<runner_name>,
      # the tag the next statement is scoped by.
      Sid       = "WildcardCreateRunnerKey"
      Effect    = "Allow"
      Action    = ["kms:CreateKey", "kms:TagResource"]
      Resource  = "*"
      Condition = { StringEquals = { "aws:RequestTag/gitlab-runner" = var.runner_name } }
    },
    {
      # wildcard: key ids are random; only keys tagged gitlab-runner=<runner_name> match. No Encrypt, no Decrypt.
      Sid    = "WildcardManageRunnerKey"
      Effect = "Allow"
      Action = [
        "kms:CreateAlias",
        "kms:DeleteAlias",
        "kms:DescribeKey",
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
      Resource  = "${local.arn_prefix.kms}:key/*"
      Condition = { StringEquals = local.runner_tag }
    },
    {
      Sid      = "RunnerKeyAlias"
      Effect   = "Allow"
      Action   = ["kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias"]
      Resource = "${local.arn_prefix.kms}:${local.n.key_alias}"
    },
    {
      # wildcard: kms:ListAliases has no resource-level permissions (it lists names, no key material).
      Sid      = "WildcardListAliases"
      Effect   = "Allow"
      Action   = "kms:ListAliases"
      Resource = "*"
    },
    {
      # wildcard: the secrets' ARNs end in six random characters. No GetSecretValue, no PutSecretValue.
      Sid    = "WildcardRunnerSecret"
      Effect = "Allow"
      Action = [
        "secretsmanager:CreateSecret",
        "secretsmanager:DeleteSecret",
        "secretsmanager:DescribeSecret",
        "secretsmanager:GetResourcePolicy",
        "secretsmanager:TagResource",
        "secretsmanager:UntagResource",
        "secretsmanager:UpdateSecret",
      ]
      Resource = local.secret_arn_patterns
    },
    {
      # wildcard: IAM addresses a log group as <group ARN>:*; these are the two functions' groups only.
      Sid    = "WildcardRunnerLogGroup"
      Effect = "Allow"
      Action = [
        "logs:CreateLogGroup",
        "logs:DeleteLogGroup",
        "logs:DeleteRetentionPolicy",
        "logs:ListTagsForResource",
        "logs:PutRetentionPolicy",
        "logs:TagResource",
        "logs:UntagResource",
      ]
      Resource = concat(local.log_group_arns, [for g in local.log_group_arns : "${g}:*"])
    },
    {
      # wildcard: DescribeLogGroups is authorized against the account's log groups as a whole (names, no log data).
      Sid      = "WildcardDescribeLogGroups"
      Effect   = "Allow"
      Action   = "logs:DescribeLogGroups"
      Resource = "${local.arn_prefix.logs}:log-group:*"
    },
    {
      Sid      = "PollSchedule"
      Effect   = "Allow"
      Action   = ["scheduler:CreateSchedule", "scheduler:DeleteSchedule", "scheduler:GetSchedule", "scheduler:UpdateSchedule"]
      Resource = [for s in [local.n.schedule, local.n.apply_schedule] : "${local.arn_prefix.scheduler}:schedule/default/${s}"]
    },
  ]

  # IAM apart: one managed policy holds at most 6,144 characters.
  setup_iam_statements = concat(
    [
      {
        # The roles that run code of this stack can only be created and given inline policies inside the
        # boundary the bootstrap owns: the setup identity cannot make them more powerful than the runner needs.
        Sid       = "BoundedRunnerRoles"
        Effect    = "Allow"
        Action    = ["iam:CreateRole", "iam:DeleteRolePolicy", "iam:PutRolePolicy"]
        Resource  = concat(local.function_role_arns, [local.scheduler_role_arn])
        Condition = { StringEquals = { "iam:PermissionsBoundary" = local.boundary_arn } }
      },
      {
        # The keyless roles get no inline policy: only the managed policies in keyless_policy_arns.
        Sid      = "CreateKeylessRoles"
        Effect   = "Allow"
        Action   = "iam:CreateRole"
        Resource = [local.plan_role_arn, local.apply_role_arn]
      },
      {
        Sid    = "ManageStackRoles"
        Effect = "Allow"
        Action = [
          "iam:DeleteRole",
          "iam:GetRole",
          "iam:GetRolePolicy",
          "iam:ListAttachedRolePolicies",
          "iam:ListInstanceProfilesForRole",
          "iam:ListRolePolicies",
          "iam:ListRoleTags",
          "iam:TagRole",
          "iam:UntagRole",
          "iam:UpdateAssumeRolePolicy",
          "iam:UpdateRole",
          "iam:UpdateRoleDescription",
        ]
        Resource = concat(local.function_role_arns, [local.scheduler_role_arn, local.plan_role_arn, local.apply_role_arn])
      },
      {
        Sid       = "PassFunctionRole"
        Effect    = "Allow"
        Action    = "iam:PassRole"
        Resource  = local.function_role_arns
        Condition = { StringEquals = { "iam:PassedToService" = "lambda.amazonaws.com" } }
      },
      {
        Sid       = "PassSchedulerRole"
        Effect    = "Allow"
        Action    = "iam:PassRole"
        Resource  = local.scheduler_role_arn
        Condition = { StringEquals = { "iam:PassedToService" = "scheduler.amazonaws.com" } }
      },
      {
        Sid    = "GitLabOidcProvider"
        Effect = "Allow"
        Action = [
          "iam:AddClientIDToOpenIDConnectProvider",
          "iam:CreateOpenIDConnectProvider",
          "iam:DeleteOpenIDConnectProvider",
          "iam:GetOpenIDConnectProvider",
          "iam:ListOpenIDConnectProviderTags",
          "iam:RemoveClientIDFromOpenIDConnectProvider",
          "iam:TagOpenIDConnectProvider",
          "iam:UntagOpenIDConnectProvider",
          "iam:UpdateOpenIDConnectProviderThumbprint",
        ]
        Resource = "${local.arn_prefix.iam}:oidc-provider/${local.issuer}"
      },
    ],
    length(var.keyless_policy_arns) == 0 ? [] : [
      {
        Sid       = "AttachKeylessPolicies"
        Effect    = "Allow"
        Action    = ["iam:AttachRolePolicy", "iam:DetachRolePolicy"]
        Resource  = [local.plan_role_arn, local.apply_role_arn]
        Condition = { ArnEquals = { "iam:PolicyARN" = var.keyless_policy_arns } }
      },
    ],
  )

  operator_policy = {
    Version = "2012-10-17"
    Statement = [
      {
        # wildcard: the key id is random; only the key tagged gitlab-runner=<runner_name>, only under the two runners' contexts.
        Sid      = "WildcardEncryptRunnerDocument"
        Effect   = "Allow"
        Action   = "kms:Encrypt"
        Resource = "${local.arn_prefix.kms}:key/*"
        Condition = {
          StringEquals = merge(local.runner_tag, { "kms:EncryptionContext:runner" = local.runner_contexts })
        }
      },
      {
        # wildcard: the secrets' ARNs end in six random characters. Write and describe, never read the value.
        Sid      = "WildcardWriteRunnerSecret"
        Effect   = "Allow"
        Action   = ["secretsmanager:CreateSecret", "secretsmanager:DescribeSecret", "secretsmanager:PutSecretValue"]
        Resource = local.secret_arn_patterns
      },
    ]
  }

  keepalive_policy = {
    Version = "2012-10-17"
    Statement = [{
      Sid      = "InvokeRunner"
      Effect   = "Allow"
      Action   = "lambda:InvokeFunction"
      Resource = local.function_arns
    }]
  }

  # The most the function and scheduler roles can ever be allowed, whatever inline policy they get.
  permissions_boundary = {
    Version = "2012-10-17"
    Statement = [
      {
        # wildcard: the secrets' ARNs end in six random characters (each function role's own policy names only its own).
        Sid      = "WildcardReadRunnerSecret"
        Effect   = "Allow"
        Action   = "secretsmanager:GetSecretValue"
        Resource = local.secret_arn_patterns
      },
      {
        # wildcard: the key id is random; only the key tagged gitlab-runner=<runner_name>, only under the runners' contexts.
        Sid      = "WildcardDecryptRunnerDocument"
        Effect   = "Allow"
        Action   = "kms:Decrypt"
        Resource = "${local.arn_prefix.kms}:key/*"
        Condition = {
          StringEquals = merge(local.runner_tag, { "kms:EncryptionContext:runner" = local.runner_contexts })
        }
      },
      {
        Sid      = "InvokeRunner"
        Effect   = "Allow"
        Action   = "lambda:InvokeFunction"
        Resource = local.function_arns
      },
      {
        # wildcard: Lambda names the log streams in the functions' own log groups.
        Sid      = "WildcardWriteOwnLogStreams"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = [for g in local.log_group_arns : "${g}:*"]
      },
      {
        # wildcard: X-Ray's PutTraceSegments and PutTelemetryRecords have no resource-level permissions.
        Sid      = "WildcardXRayWrite"
        Effect   = "Allow"
        Action   = ["xray:PutTelemetryRecords", "xray:PutTraceSegments"]
        Resource = "*"
      },
    ]
  }

  artifacts_bucket_policy = {
    Version = "2012-10-17"
    Statement = [{
      # wildcard: refuse every S3 action on the bucket and its objects unless the request comes over TLS.
      Sid       = "WildcardDenyPlainHttp"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = ["arn:${var.partition}:s3:::${var.artifacts_bucket}", "arn:${var.partition}:s3:::${var.artifacts_bucket}/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  }
}
