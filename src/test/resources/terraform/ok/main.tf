# A project that plans and applies offline: only the built-in terraform_data resource.
variable "secret" {
  type    = string
  default = ""
}

variable "greeting" {
  type    = string
  default = "hello"
}

resource "terraform_data" "example" {
  input = var.greeting
}

# Printed by Terraform itself: the runner must mask it in the trace.
output "leaked_secret" {
  value = var.secret
}

output "greeting" {
  value = terraform_data.example.output
}
