data "oneroster_line_item" "quiz1" {
  sourced_id = "lineitem-00001"
}

output "quiz1_due" {
  value = data.oneroster_line_item.quiz1.due_date
}
