# The score scales of one class (OneRoster 1.2).
list "oneroster_score_scale" "biology" {
  provider         = oneroster
  include_resource = true
  config {
    class_sourced_id = "biology-101"
  }
}
