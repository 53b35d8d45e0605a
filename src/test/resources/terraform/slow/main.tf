# A resource whose creation takes long: for cancel, timeout and shutdown tests. The sleep duration is a
# marker the tests look for among the machine's processes afterwards (nothing may survive the job).
variable "marker" {
  type    = string
  default = "417"
}

resource "terraform_data" "slow" {
  provisioner "local-exec" {
    command = "sleep ${var.marker}"
  }
}
