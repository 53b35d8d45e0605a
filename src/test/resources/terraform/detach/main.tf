# Attack fixture: processes that detach from the job (nohup, setsid, a double fork) with their output away from
# the job's pipe, then the job holds for var.hold seconds. The sleeps' durations are markers the tests look for.
variable "marker" {
  type = string
}

variable "hold" {
  type    = string
  default = "0"
}

resource "terraform_data" "detach" {
  provisioner "local-exec" {
    command = <<-EOT
      nohup sleep ${var.marker}1 >/dev/null 2>&1 &
      (setsid sleep ${var.marker}2 >/dev/null 2>&1 &)
      ( (sleep ${var.marker}3 >/dev/null 2>&1 &) & )
      echo "detached all three"
      sleep ${var.hold}
    EOT
  }
}
