variable "assessment_line_item_sourced_id" {
  type = string
}

variable "student_sourced_id" {
  type = string
}

# One student's result on the reading section of the fall benchmark. A
# student may have several results on one assessment (a retake), so the
# sourcedId names the attempt. OneRoster 1.2 only.
resource "oneroster_assessment_result" "fall_reading_attempt_1" {
  sourced_id                      = "fall-reading-${var.student_sourced_id}-attempt-1"
  assessment_line_item_sourced_id = var.assessment_line_item_sourced_id
  student_sourced_id              = var.student_sourced_id
  score_status                    = "fully graded"
  score                           = 3
  text_score                      = "meets"
  score_percentile                = 64
  score_date                      = "2024-10-01"
  late                            = false
  missing                         = false

  # Mastery of the learning objectives the assessment is aligned with.
  learning_objective_scores = [
    { source = "case", id = "6b8a1c3e-9a44-4f3e-8f0e-2d7c5b1a9e10", score = 3 },
    { source = "/district", id = "SCI-6-READ-2", text_score = "meets" },
  ]
}
