data "oneroster_category" "homework" {
  sourced_id = "category-001"
}

output "homework_title" {
  value = data.oneroster_category.homework.title
}
