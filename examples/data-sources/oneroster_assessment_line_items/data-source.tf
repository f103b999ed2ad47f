variable "class_sourced_id" {
  type = string
}

# The assessments given in a class (OneRoster 1.2 only). The spec has no
# nested endpoint for them, so the class is a filter.
data "oneroster_assessment_line_items" "class" {
  where = [{ field = "class_sourced_id", value = var.class_sourced_id }]
}

# Each assessment's sections, by the assessment they are part of.
output "sections" {
  value = {
    for a in data.oneroster_assessment_line_items.class.assessment_line_items :
    a.parent_sourced_id => a.title... if a.parent_sourced_id != ""
  }
}
