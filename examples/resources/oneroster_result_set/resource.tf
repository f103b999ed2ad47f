# The scores of one line item for a whole class, keyed by student sourcedId.
# Each entry is one OneRoster result; its sourcedId is derived from the line
# item and the student (see the sourced_id attribute of each entry).
resource "oneroster_result_set" "quiz1" {
  line_item_sourced_id = "biology-101-quiz-1" # or oneroster_line_item.quiz1.sourced_id
  results = {
    "student-0001" = { score = 9.5, score_status = "fully graded", score_date = "2024-09-10" }
    "student-0002" = { score_status = "exempt", comment = "medical" }
    "student-0003" = { score_status = "not submitted" }
    # On OneRoster 1.2, an entry may also carry text_score,
    # score_scale_sourced_id, the flags in_progress, incomplete, late and
    # missing, and learning_objective_scores (see below), e.g.:
    # "student-0004" = { score = 8, score_status = "fully graded", score_date = "2024-09-10", late = true }
  }
}

# Scores usually come from another system, e.g. a map of student
# sourcedId to points.
variable "quiz2_points" {
  type = map(number)
}

resource "oneroster_result_set" "quiz2" {
  line_item_sourced_id = "biology-101-quiz-2"
  results = {
    for student, points in var.quiz2_points :
    student => { score = points, score_status = "fully graded" }
  }
}

output "student_0001_result_sourced_id" {
  value = oneroster_result_set.quiz1.results["student-0001"].sourced_id
}
