data "oneroster_academic_session" "example" {
  sourced_id = "session-2025"
}

output "academic_session_title" {
  value = data.oneroster_academic_session.example.title
}
