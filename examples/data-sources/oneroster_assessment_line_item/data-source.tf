variable "assessment_line_item_sourced_id" {
  type = string
}

# One assessment line item (OneRoster 1.2 only).
data "oneroster_assessment_line_item" "reading" {
  sourced_id = var.assessment_line_item_sourced_id
}

output "reading" {
  value = {
    title       = data.oneroster_assessment_line_item.reading.title
    part_of     = data.oneroster_assessment_line_item.reading.parent_sourced_id
    score_scale = data.oneroster_assessment_line_item.reading.score_scale_sourced_id
  }
}
