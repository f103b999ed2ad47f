data "oneroster_demographic" "example" {
  sourced_id = "student-000001"
}

output "demographic_birth_date" {
  value = data.oneroster_demographic.example.birth_date
}
