# Terraform 1.12+: the assessment result is named by its sourcedId.
import {
  to = oneroster_assessment_result.attempt
  identity = {
    sourced_id = "fall-benchmark-reading-student-0001-1"
  }
}
