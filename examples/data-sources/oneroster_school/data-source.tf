data "oneroster_school" "example" {
  sourced_id = "school-001"
}

output "school_name" {
  value = data.oneroster_school.example.name
}
