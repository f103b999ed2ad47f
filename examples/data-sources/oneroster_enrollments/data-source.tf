variable "class_sourced_id" {
  type = string
}

# Teachers of one class: the provider finds the class's school for the
# spec's /schools/{school}/classes/{class}/enrollments endpoint.
data "oneroster_enrollments" "teachers" {
  class_sourced_id = var.class_sourced_id
  where            = [{ field = "role", value = "teacher" }]
}

# The class's primary teacher first, e.g. as the owner of the class's group.
output "class_teachers" {
  value = concat(
    [for e in data.oneroster_enrollments.teachers.enrollments : e.user_sourced_id if e.primary == true],
    [for e in data.oneroster_enrollments.teachers.enrollments : e.user_sourced_id if e.primary != true],
  )
}
