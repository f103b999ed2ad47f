# One student's assessment results (OneRoster 1.2), at most 50.
list "oneroster_assessment_result" "student" {
  provider         = oneroster
  include_resource = true
  limit            = 50
  config {
    where = [{ field = "student_sourced_id", value = "student-0001" }]
  }
}
