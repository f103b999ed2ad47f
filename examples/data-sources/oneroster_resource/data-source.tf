data "oneroster_resource" "textbook" {
  sourced_id = "resource-001"
}

# What an application launch needs to find the content.
output "textbook_launch" {
  value = {
    vendor_id          = data.oneroster_resource.textbook.vendor_id
    vendor_resource_id = data.oneroster_resource.textbook.vendor_resource_id
    application_id     = data.oneroster_resource.textbook.application_id
  }
}
