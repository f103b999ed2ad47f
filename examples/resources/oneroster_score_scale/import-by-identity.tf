# Terraform 1.12+: the score scale is named by its sourcedId.
import {
  to = oneroster_score_scale.letter_grades
  identity = {
    sourced_id = "letter-grades-bio-101"
  }
}
