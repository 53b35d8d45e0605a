terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # 6.29.0 added invoked_via_function_url to aws_lambda_permission (the Function URL's second permission).
      version = ">= 6.29.0, < 7.0.0"
    }
  }
}
