variable "term_sourced_id" {
  type = string
}

data "oneroster_grading_periods" "term" {
  term_sourced_id = var.term_sourced_id
}

# When each grading period closes, e.g. to schedule gradebook exports.
output "grading_period_ends" {
  value = { for gp in data.oneroster_grading_periods.term.grading_periods : gp.title => gp.end_date }
}
