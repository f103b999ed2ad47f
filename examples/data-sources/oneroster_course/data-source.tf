data "oneroster_course" "example" {
  sourced_id = "course-0001"
}

output "course_title" {
  value = data.oneroster_course.example.title
}
