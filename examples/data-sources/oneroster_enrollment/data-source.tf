data "oneroster_enrollment" "example" {
  sourced_id = "enrollment-000001"
}

output "enrollment_role" {
  value = data.oneroster_enrollment.example.role
}
