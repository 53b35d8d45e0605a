# Prints a secret the way Terraform escapes it: quoted in the plan and in outputs (\" and \\), as JSON in
# 'terraform output -json' and 'terraform show -json' (\u0026, \u003c, \u003e too), and percent-encoded in a URL.
variable "secret" {
  type = string
}

resource "terraform_data" "example" {
  input = var.secret
}

output "leaked_secret" {
  value = var.secret
}

output "leaked_url" {
  value = "https://example.com/login?next=${urlencode(var.secret)}"
}
