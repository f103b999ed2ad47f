data "oneroster_result" "example" {
  sourced_id = "result-000001"
}

output "score_status" {
  value = data.oneroster_result.example.score_status
}
