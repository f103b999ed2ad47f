data "oneroster_student" "example" {
  sourced_id = "student-000001"
}

output "student_given_name" {
  value = data.oneroster_student.example.given_name
}
