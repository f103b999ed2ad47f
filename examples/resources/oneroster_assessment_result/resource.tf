# One student's result on the reading section of the fall benchmark. A
# student may have several results on one assessment (a retake), so the
# sourcedId names the attempt. OneRoster 1.2 only.
resource "oneroster_assessment_result" "student_0001_fall_reading" {
  sourced_id                      = "fall-reading-student-0001-attempt-1"
  assessment_line_item_sourced_id = "biology-101-fall-benchmark-reading"
  student_sourced_id              = "student-0001"
  score_status                    = "fully graded"
  score                           = 3
  text_score                      = "meets"
  score_percentile                = 64
  score_date                      = "2024-10-01"
  late                            = false
  missing                         = false
}
