# On a OneRoster 1.2 server, a result may carry a score that is not a
# number, and flags for late, missing, incomplete or in-progress work.
resource "oneroster_result" "lab1_student_0001" {
  line_item_sourced_id = "biology-101-lab-1"
  student_sourced_id   = "student-0001"
  score_status         = "fully graded"
  score                = 17
  text_score           = "B+"
  score_date           = "2024-09-24"
  late                 = true
  missing              = false
}
