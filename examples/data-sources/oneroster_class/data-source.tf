data "oneroster_class" "example" {
  sourced_id = "class-00001"
}

output "class_title" {
  value = data.oneroster_class.example.title
}
