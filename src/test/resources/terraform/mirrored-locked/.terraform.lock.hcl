# A lock file recording another package than the mirror holds: Terraform must refuse the mirror's.
provider "example.com/test/fake" {
  version     = "1.0.0"
  constraints = "1.0.0"
  hashes = [
    "h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
  ]
}
