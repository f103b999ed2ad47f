# Terraform 1.12+: the line item is named by its sourcedId.
import {
  to = oneroster_line_item.quiz1
  identity = {
    sourced_id = "biology-101-quiz-1"
  }
}
