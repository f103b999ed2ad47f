# A grading category of the district's gradebook. sourced_id is optional:
# without it, a UUID is generated when the category is created.
resource "oneroster_category" "labs" {
  sourced_id = "category-labs"
  title      = "Labs"

  timeouts = {
    create = "2m"
  }
}
