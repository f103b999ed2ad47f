# The scores of one line item (results are listed through their class).
list "oneroster_result" "quiz1" {
  provider         = oneroster
  include_resource = true
  config {
    class_sourced_id     = "biology-101"
    line_item_sourced_id = "biology-101-quiz-1"
  }
}
