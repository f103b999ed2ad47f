# On a OneRoster 1.2 server, a result may carry a score that is not a
# number, flags for late, missing, incomplete or in-progress work, and
# scores per learning objective.
resource "oneroster_result" "lab1_student_0001" {
  line_item_sourced_id = "biology-101-lab-1"
  student_sourced_id   = "student-0001"
  score_status         = "fully graded"
  score                = 17
  text_score           = "B+"
  score_date           = "2024-09-24"
  late                 = true
  missing              = false

  # Mastery of the learning objectives the line item assesses.
  learning_objective_scores = [
    { source = "case", id = "c5f1e8a2-6d1b-4c1e-9a0f-2b7d4e9c1a11", score = 3 },
    { source = "/district", id = "BIO.7.2", text_score = "Proficient" },
  ]
}
