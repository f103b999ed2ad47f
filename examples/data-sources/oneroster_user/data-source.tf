data "oneroster_user" "example" {
  sourced_id = "student-000001"
}

output "user_email" {
  value = data.oneroster_user.example.email
}
