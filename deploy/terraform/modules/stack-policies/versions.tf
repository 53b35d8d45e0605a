terraform {
  # No provider: everything here is computed from the inputs, so the deploy tests can evaluate it offline.
  required_version = ">= 1.5.0"
}
