# Shows which AWS identity Terraform's children have: every AWS_* and ID token variable they see (the runner
# masks the secret ones), and the caller ARN STS reports for those credentials (boto3, through the given python).
variable "python" {
  type = string
}

variable "sts_endpoint" {
  type = string
}

resource "terraform_data" "whoami" {
  provisioner "local-exec" {
    command = "env | grep -E '^(AWS_|GITLAB_OIDC_TOKEN)' | sort"
  }

  provisioner "local-exec" {
    command     = "${var.python} -c 'import boto3, os; k = os.environ[\"AWS_ACCESS_KEY_ID\"]; print(\"key_prefix=\" + k[:4], \"key_length=\" + str(len(k))); print(\"caller=\" + boto3.client(\"sts\", endpoint_url=os.environ[\"PROBE_STS\"]).get_caller_identity()[\"Arn\"])'"
    environment = { PROBE_STS = var.sts_endpoint }
  }
}
