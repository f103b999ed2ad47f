# Terraform 1.12+: the category is named by its sourcedId.
import {
  to = oneroster_category.homework
  identity = {
    sourced_id = "district-homework"
  }
}
