data "oneroster_grading_period" "example" {
  sourced_id = "gp-2025-1"
}

output "grading_period_end_date" {
  value = data.oneroster_grading_period.example.end_date
}
