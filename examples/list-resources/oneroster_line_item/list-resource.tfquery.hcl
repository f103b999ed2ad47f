# The line items of one class, whole, for terraform query. Without config,
# every active line item of the district.
list "oneroster_line_item" "biology" {
  provider         = oneroster
  include_resource = true
  config {
    class_sourced_id = "biology-101"
  }
}
