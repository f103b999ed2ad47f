data "oneroster_term" "example" {
  sourced_id = "term-2025-1"
}

output "term_start_date" {
  value = data.oneroster_term.example.start_date
}
