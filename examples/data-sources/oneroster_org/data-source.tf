data "oneroster_org" "example" {
  sourced_id = "org-district"
}

output "org_name" {
  value = data.oneroster_org.example.name
}
