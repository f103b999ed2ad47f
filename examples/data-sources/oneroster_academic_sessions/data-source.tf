# The latest school year the SIS knows, e.g. to scope which terms and
# classes to provision.
data "oneroster_academic_sessions" "latest_school_year" {
  where     = [{ field = "type", value = "schoolYear" }]
  sort      = "start_date"
  order_by  = "desc"
  max_items = 1
}

output "school_year" {
  value = {
    for s in data.oneroster_academic_sessions.latest_school_year.academic_sessions :
    s.sourced_id => { title = s.title, start_date = s.start_date, end_date = s.end_date }
  }
}
