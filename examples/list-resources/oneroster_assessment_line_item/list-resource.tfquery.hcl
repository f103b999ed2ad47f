# The fall benchmarks, by title, across the district (OneRoster 1.2).
list "oneroster_assessment_line_item" "fall" {
  provider         = oneroster
  include_resource = true
  config {
    where = [{ field = "title", operator = "~", value = "Fall" }]
  }
}
