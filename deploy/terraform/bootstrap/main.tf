# The only step that needs the root user (or an administrator). It creates, for one runner:
#   - the private artifacts bucket (function.zip, the layer zip, Terraform state of the runner stack);
#   - the permissions boundary of the stack's function and scheduler roles;
#   - the setup identity (deploys and updates this runner stack, nothing else);
#   - the operator identity (encrypts and stores the runner's secret document);
#   - the keep-alive identity (invokes the function, nothing else).
# The policies are in ../modules/bootstrap-policies; docs/minimum-privileges.md explains them.

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  bucket     = var.artifacts_bucket_name != "" ? var.artifacts_bucket_name : "gitlab-runner-${var.runner_name}-${local.account_id}"
  names      = module.policies.names
  tags       = { gitlab-runner = var.runner_name }

  # Identity -> its policies. The setup identity has two: one managed policy holds at most 6,144 characters.
  policies = {
    setup-deploy = module.policies.setup_policies.deploy
    setup-iam    = module.policies.setup_policies.iam
    operator     = module.policies.operator_policy
    keepalive    = module.policies.keepalive_policy
  }
  policy_names = {
    setup-deploy = var.setup_identity_name
    setup-iam    = "${var.setup_identity_name}-iam"
    operator     = local.names.operator_policy
    keepalive    = local.names.keepalive_policy
  }
  identities = {
    setup     = { name = var.setup_identity_name, policies = ["setup-deploy", "setup-iam"], mfa = var.require_mfa }
    operator  = { name = local.names.operator_policy, policies = ["operator"], mfa = var.require_mfa }
    keepalive = { name = local.names.keepalive_policy, policies = ["keepalive"], mfa = false }
  }
  attachments = merge([
    for identity, spec in local.identities : { for p in spec.policies : "${identity}/${p}" => { identity = identity, policy = p } }
  ]...)
}

check "role_trust" {
  assert {
    condition     = var.identity_kind == "user" || length(var.trusted_principal_arns) > 0
    error_message = "identity_kind = \"role\" needs trusted_principal_arns (who may assume the roles)."
  }
}

module "policies" {
  source = "../modules/bootstrap-policies"

  runner_name         = var.runner_name
  gitlab_url          = var.gitlab_url
  partition           = data.aws_partition.current.partition
  region              = var.region
  account_id          = local.account_id
  artifacts_bucket    = local.bucket
  keyless_policy_arns = var.keyless_policy_arns
}

# ---- Private artifacts ----

resource "aws_s3_bucket" "artifacts" {
  bucket = local.bucket
  tags   = local.tags
}

resource "aws_s3_bucket_public_access_block" "artifacts" {
  bucket                  = aws_s3_bucket.artifacts.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

# Versioned: the runner stack's Terraform state lives here too.
resource "aws_s3_bucket_versioning" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id
  rule {
    id     = "expire-old-versions"
    status = "Enabled"
    filter {}
    noncurrent_version_expiration {
      noncurrent_days = 90
    }
  }
}

resource "aws_s3_bucket_policy" "artifacts" {
  bucket     = aws_s3_bucket.artifacts.id
  policy     = module.policies.artifacts_bucket_policy
  depends_on = [aws_s3_bucket_public_access_block.artifacts]
}

# ---- Policies ----

resource "aws_iam_policy" "boundary" {
  name        = local.names.permissions_boundary
  description = "Permissions boundary of the function and scheduler roles of GitLab runner ${var.runner_name}"
  policy      = module.policies.permissions_boundary_policy
  tags        = local.tags
}

resource "aws_iam_policy" "identity" {
  for_each    = local.policies
  name        = local.policy_names[each.key]
  description = "Policy ${each.key} of GitLab runner ${var.runner_name} (docs/minimum-privileges.md)"
  policy      = each.value
  tags        = local.tags
}

# ---- Identities: IAM users (an empty account) or roles (SSO / federation) ----

resource "aws_iam_user" "identity" {
  for_each = var.identity_kind == "user" ? local.identities : {}
  name     = each.value.name
  tags     = local.tags
}

resource "aws_iam_user_policy_attachment" "identity" {
  for_each   = var.identity_kind == "user" ? local.attachments : {}
  user       = aws_iam_user.identity[each.value.identity].name
  policy_arn = aws_iam_policy.identity[each.value.policy].arn
}

resource "aws_iam_role" "identity" {
  for_each             = var.identity_kind == "role" ? local.identities : {}
  name                 = each.value.name
  max_session_duration = 3600
  tags                 = local.tags
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "TrustedPrincipals"
      Effect    = "Allow"
      Principal = { AWS = var.trusted_principal_arns }
      Action    = "sts:AssumeRole"
      Condition = each.value.mfa ? { Bool = { "aws:MultiFactorAuthPresent" = "true" } } : null
    }]
  })
}

resource "aws_iam_role_policy_attachment" "identity" {
  for_each   = var.identity_kind == "role" ? local.attachments : {}
  role       = aws_iam_role.identity[each.value.identity].name
  policy_arn = aws_iam_policy.identity[each.value.policy].arn
}
