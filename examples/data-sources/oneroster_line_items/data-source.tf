variable "class_sourced_id" {
  type = string
}

# The line items of one class, through /classes/{id}/lineItems.
data "oneroster_line_items" "class" {
  class_sourced_id = var.class_sourced_id
}

output "assignments" {
  value = [for li in data.oneroster_line_items.class.line_items : li.title]
}

# Line items due in September, across the district, by class: e.g. for a
# reminder to teachers whose gradebook is still empty.
data "oneroster_line_items" "september" {
  where = [
    { field = "due_date", operator = ">=", value = "2024-09-01" },
    { field = "due_date", operator = "<", value = "2024-10-01" },
  ]
}

output "due_in_september" {
  value = { for li in data.oneroster_line_items.september.line_items : li.class_sourced_id => li.title... }
}
