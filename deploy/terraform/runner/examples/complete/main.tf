# A root module for the runner stack, applied by the setup identity from ../../../bootstrap.
#
#   terraform init -backend-config="bucket=<artifacts_bucket>" -backend-config="region=<region>"
#   terraform apply -var-file=runner.tfvars
#
# State goes to the bootstrap's private, versioned artifacts bucket (S3 lock file, no DynamoDB table).

terraform {
  required_version = ">= 1.10.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 6.29.0, < 7.0.0"
    }
  }

  backend "s3" {
    key          = "gitlab-runner/terraform.tfstate"
    encrypt      = true
    use_lockfile = true
  }
}

provider "aws" {
  region = var.region
}

module "runner" {
  source = "../.."

  runner_name              = var.runner_name
  gitlab_url               = var.gitlab_url
  operator_principal_arns  = var.operator_principal_arns
  artifacts_bucket         = var.artifacts_bucket
  permissions_boundary_arn = var.permissions_boundary_arn
  function_zip             = "${path.root}/../../../../../target/function.zip"
  layer_zip                = "${path.root}/../../../../layer/build/terraform-layer.zip"
  architecture             = var.architecture
  project_paths            = var.project_paths
  apply_branch             = var.apply_branch
  plan_policy_arns         = var.plan_policy_arns
  apply_policy_arns        = var.apply_policy_arns
}
