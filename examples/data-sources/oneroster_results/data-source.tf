variable "class_sourced_id" {
  type = string
}

# The results of one line item: the class is required, as the spec only
# offers /classes/{class}/lineItems/{lineItem}/results.
data "oneroster_results" "quiz1" {
  class_sourced_id     = var.class_sourced_id
  line_item_sourced_id = "lineitem-00001"
}

# One student's results in the class.
data "oneroster_results" "student" {
  class_sourced_id   = var.class_sourced_id
  student_sourced_id = "student-0001"
}

output "quiz1_scores" {
  value = { for r in data.oneroster_results.quiz1.results : r.student_sourced_id => r.score }
}
