# Prints the environment Terraform's children see, so tests can check what reached the job.
resource "terraform_data" "probe" {
  provisioner "local-exec" {
    command = "env | sort"
  }
}
