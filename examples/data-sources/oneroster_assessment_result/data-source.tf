variable "assessment_result_sourced_id" {
  type = string
}

# One assessment result (OneRoster 1.2 only), with the flags a progress
# report shows.
data "oneroster_assessment_result" "attempt" {
  sourced_id = var.assessment_result_sourced_id
}

output "attempt" {
  value = {
    student    = data.oneroster_assessment_result.attempt.student_sourced_id
    status     = data.oneroster_assessment_result.attempt.score_status
    percentile = data.oneroster_assessment_result.attempt.score_percentile
    late       = data.oneroster_assessment_result.attempt.late
  }
}
