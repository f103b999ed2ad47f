data "oneroster_schools" "all" {
  sort     = "name"
  order_by = "asc"
}

output "school_ids" {
  value = { for s in data.oneroster_schools.all.schools : s.identifier => s.sourced_id }
}
