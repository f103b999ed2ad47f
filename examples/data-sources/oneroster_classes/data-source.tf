variable "school_sourced_id" {
  type = string
}

# Classes of one school, through the spec's /schools/{id}/classes endpoint.
data "oneroster_classes" "school" {
  school_sourced_id = var.school_sourced_id
}

output "class_titles" {
  value = [for c in data.oneroster_classes.school.classes : c.title]
}
