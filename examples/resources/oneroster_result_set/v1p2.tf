# On a OneRoster 1.2 server, each entry may carry what a 1.2 result does: a
# score that is not a number, flags for late, missing, incomplete or
# in-progress work, and scores per learning objective (a list, kept in the
# order configured). New results are created in bulk.
resource "oneroster_result_set" "lab1" {
  line_item_sourced_id = "biology-101-lab-1"
  results = {
    "student-0001" = {
      score_status = "fully graded"
      score        = 17
      text_score   = "B+"
      score_date   = "2024-09-24"
      late         = true

      # Mastery of the learning objectives the line item assesses.
      learning_objective_scores = [
        { source = "case", id = "c5f1e8a2-6d1b-4c1e-9a0f-2b7d4e9c1a11", score = 3 },
        { source = "/district", id = "BIO.7.2", text_score = "Proficient" },
      ]
    }
    "student-0002" = { score_status = "not submitted", score_date = "2024-09-24", missing = true }
  }
}
