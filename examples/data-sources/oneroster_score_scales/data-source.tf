variable "class_sourced_id" {
  type = string
}

variable "school_sourced_id" {
  type = string
}

# The score scales of one class, through /classes/{id}/scoreScales: what
# each of its scores reads as. OneRoster 1.2 only.
data "oneroster_score_scales" "class" {
  class_sourced_id = var.class_sourced_id
}

output "class_scales" {
  value = { for s in data.oneroster_score_scales.class.score_scales : s.title => { for v in s.values : v.lhs => v.rhs } }
}

# The kinds of scale in use at a school, through
# /schools/{id}/scoreScales.
data "oneroster_score_scales" "school" {
  school_sourced_id = var.school_sourced_id
}

output "school_scale_types" {
  value = distinct([for s in data.oneroster_score_scales.school.score_scales : s.type])
}
