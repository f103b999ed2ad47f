# A student's score that another tool wrote under the id the provider
# derives (as oneroster_result and oneroster_result_set do): import it
# without looking its sourcedId up.
import {
  to = oneroster_result.quiz1_student_0001
  id = provider::oneroster::result_sourced_id("biology-101-quiz-1", "student-0001")
}

resource "oneroster_result" "quiz1_student_0001" {
  line_item_sourced_id = "biology-101-quiz-1"
  student_sourced_id   = "student-0001"
  score_status         = "fully graded"
  score                = 9
}

output "quiz1_student_0001_result" {
  value = provider::oneroster::result_sourced_id("biology-101-quiz-1", "student-0001")
}
