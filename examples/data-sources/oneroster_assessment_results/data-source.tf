variable "assessment_line_item_sourced_id" {
  type = string
}

# The results of one assessment line item (OneRoster 1.2 only), by
# student: the text score where there is one, else the number.
data "oneroster_assessment_results" "reading" {
  where = [{ field = "assessment_line_item_sourced_id", value = var.assessment_line_item_sourced_id }]
}

output "scores_by_student" {
  value = {
    for r in data.oneroster_assessment_results.reading.assessment_results :
    r.student_sourced_id => r.text_score != null ? r.text_score : r.score...
  }
}
