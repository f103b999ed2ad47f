variable "class_sourced_id" {
  type = string
}

data "oneroster_students" "class" {
  class_sourced_id = var.class_sourced_id
}

output "student_emails" {
  value = [for s in data.oneroster_students.class.students : s.email]
}
