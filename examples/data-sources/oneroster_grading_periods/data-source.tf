variable "term_sourced_id" {
  type = string
}

data "oneroster_grading_periods" "term" {
  term_sourced_id = var.term_sourced_id
}
