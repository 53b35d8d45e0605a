# Runs whatever the job gives it (TF_VAR_command): a job's own code, as local-exec lets any project run.
variable "command" {
  type = string
}

resource "terraform_data" "exec" {
  provisioner "local-exec" {
    command = var.command
  }
}
