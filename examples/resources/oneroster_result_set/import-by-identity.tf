# Terraform 1.12+: a result set is named by its line item; the import adopts
# every active result of the line item, one entry per student.
import {
  to = oneroster_result_set.quiz1
  identity = {
    line_item_sourced_id = "biology-101-quiz-1"
  }
}
