# Every grading category of the gradebook.
data "oneroster_categories" "all" {}

output "category_titles" {
  value = { for c in data.oneroster_categories.all.categories : c.sourced_id => c.title }
}
