data "oneroster_orgs" "districts" {
  where = [{ field = "type", value = "district" }]
}

output "district_names" {
  value = [for o in data.oneroster_orgs.districts.orgs : o.name]
}
