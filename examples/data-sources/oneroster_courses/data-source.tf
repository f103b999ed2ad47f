# Math courses across the district, with the schools offering them: e.g.
# to license a math application for exactly those schools.
data "oneroster_courses" "math" {
  where = [{ field = "title", operator = "~", value = "Math" }]
}

output "schools_teaching_math" {
  value = sort(distinct([for c in data.oneroster_courses.math.courses : c.org_sourced_id]))
}

output "math_course_codes" {
  value = { for c in data.oneroster_courses.math.courses : c.sourced_id => c.course_code }
}
