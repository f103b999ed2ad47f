variable "class_sourced_id" {
  type = string
}

# The digital content attached to a class (its course's resources, as the
# SIS links them), e.g. to provision licences with each content vendor.
data "oneroster_resources" "class" {
  class_sourced_id = var.class_sourced_id
}

output "vendor_resource_ids" {
  value = { for r in data.oneroster_resources.class.resources : r.vendor_id => r.vendor_resource_id... }
}

output "primary_resource_titles" {
  value = [for r in data.oneroster_resources.class.resources : r.title if r.importance == "primary"]
}
