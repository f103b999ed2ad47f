variable "class_sourced_id" {
  type = string
}

variable "line_item_sourced_id" {
  type = string
}

variable "student_sourced_id" {
  type = string
}

# The results of one line item: the class is required, as the spec only
# offers /classes/{class}/lineItems/{lineItem}/results.
data "oneroster_results" "line_item" {
  class_sourced_id     = var.class_sourced_id
  line_item_sourced_id = var.line_item_sourced_id
}

output "scores_by_student" {
  value = { for r in data.oneroster_results.line_item.results : r.student_sourced_id => r.score }
}

# One student's results in the class, e.g. for a progress report.
data "oneroster_results" "student" {
  class_sourced_id   = var.class_sourced_id
  student_sourced_id = var.student_sourced_id
}

output "student_scores" {
  value = { for r in data.oneroster_results.student.results : r.line_item_sourced_id => r.score }
}
