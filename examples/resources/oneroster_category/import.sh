# A category is imported by its sourcedId.
terraform import oneroster_category.labs category-labs
