# Terraform 1.12+: the assessment line item is named by its sourcedId.
import {
  to = oneroster_assessment_line_item.fall_benchmark
  identity = {
    sourced_id = "fall-benchmark-reading"
  }
}
