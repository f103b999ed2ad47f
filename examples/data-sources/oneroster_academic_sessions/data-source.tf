data "oneroster_academic_sessions" "school_years" {
  filter = "type='schoolYear'"
}
