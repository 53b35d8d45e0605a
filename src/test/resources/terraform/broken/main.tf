resource "terraform_data" "broken" {
  input = undefined_reference.nothing.id
}
