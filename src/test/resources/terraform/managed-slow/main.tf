# GitLab-managed state and a resource whose creation takes long: the state stays locked while it runs.
terraform {
  backend "http" {}
}

variable "marker" {
  type    = string
  default = "427"
}

resource "terraform_data" "slow" {
  provisioner "local-exec" {
    command = "sleep ${var.marker}"
  }
}
