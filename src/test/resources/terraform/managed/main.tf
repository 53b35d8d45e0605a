# GitLab-managed state, as GitLab documents it: an empty http backend block that gitlab-terraform configures
# through TF_HTTP_* variables. Two built-in resources, so a first plan creates 2.
terraform {
  backend "http" {}
}

variable "greeting" {
  type    = string
  default = "hello"
}

resource "terraform_data" "first" {
  input = var.greeting
}

resource "terraform_data" "second" {
  input = "${var.greeting}-again"
}

output "greeting" {
  value = terraform_data.first.output
}
