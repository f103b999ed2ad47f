# One student's score on one line item. For a whole class, use
# oneroster_result_set, which writes only what changed, in parallel.
resource "oneroster_result" "quiz1_student_0001" {
  line_item_sourced_id = "biology-101-quiz-1"
  student_sourced_id   = "student-0001"
  score_status         = "fully graded"
  score                = 9.5
  score_date           = "2024-09-10"
  comment              = "Well done"
}
