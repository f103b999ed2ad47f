data "oneroster_term" "example" {
  sourced_id = "term-fall"
}

output "term_start_date" {
  value = data.oneroster_term.example.start_date
}
