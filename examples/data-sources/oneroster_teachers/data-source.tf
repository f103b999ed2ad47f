variable "school_sourced_id" {
  type = string
}

# Active teachers of one school (tobedeleted ones are left out by default).
data "oneroster_teachers" "school" {
  school_sourced_id = var.school_sourced_id
}

# Keyed by sourcedId, which never changes, ready for a for_each that
# creates one account or group membership per teacher.
output "teacher_emails" {
  value = { for t in data.oneroster_teachers.school.teachers : t.sourced_id => t.email }
}
