variable "class_sourced_id" {
  type = string
}

# Teachers of one class: the provider finds the class's school for the
# spec's /schools/{school}/classes/{class}/enrollments endpoint.
data "oneroster_enrollments" "teachers" {
  class_sourced_id = var.class_sourced_id
  where            = [{ field = "role", value = "teacher" }]
}
