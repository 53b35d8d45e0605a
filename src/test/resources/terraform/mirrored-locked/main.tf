# Needs a provider no registry has: it can only come from the runner's provider mirror (the test builds one).
terraform {
  required_providers {
    fake = {
      source  = "example.com/test/fake"
      version = "1.0.0"
    }
  }
}
