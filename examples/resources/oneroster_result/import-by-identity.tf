# Terraform 1.12+: a result is named by its sourcedId. A result the provider
# derived the id of (oneroster_result without sourced_id, oneroster_result_set)
# can be named by its line item and student, without a lookup (Terraform 1.8+).
import {
  to = oneroster_result.quiz1_student_0001
  identity = {
    sourced_id = provider::oneroster::result_sourced_id("biology-101-quiz-1", "student-0001")
  }
}
