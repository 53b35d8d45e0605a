# Makes build/out at apply time, a directory the checkout does not have, so that a plan saved there travels to the
# next job in an artifacts zip that lists no directory. The resource is replaced on every plan.
resource "terraform_data" "out_dir" {
  triggers_replace = timestamp()

  provisioner "local-exec" {
    command = "mkdir -p build/out"
  }
}
