data "oneroster_teacher" "example" {
  sourced_id = "teacher-00001"
}

output "teacher_family_name" {
  value = data.oneroster_teacher.example.family_name
}
