data "oneroster_courses" "math" {
  where = [{ field = "title", operator = "~", value = "Math" }]
}
