data "oneroster_enrollment" "example" {
  sourced_id = "enrollment-0000002"
}

output "enrollment_role" {
  value = data.oneroster_enrollment.example.role
}
