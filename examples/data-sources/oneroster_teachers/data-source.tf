variable "school_sourced_id" {
  type = string
}

data "oneroster_teachers" "school" {
  school_sourced_id = var.school_sourced_id
  include_deleted   = false
}
