# The benchmark's project: a plan and apply that print timestamped lines, so the benchmark can measure
# how long a line Terraform prints takes to reach GitLab.
resource "terraform_data" "ticks" {
  input = "bench"
  provisioner "local-exec" {
    command = "for i in 1 2 3 4 5 6 7 8 9 10; do echo \"TICK $(date +%s%N)\"; sleep 0.1; done"
  }
}
