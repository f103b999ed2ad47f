# On a OneRoster 1.2 server, a category may carry its weight in the class's
# final score.
resource "oneroster_category" "labs" {
  title  = "Labs"
  weight = 0.3
}
