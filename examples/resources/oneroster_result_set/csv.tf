# Scores exported from a spreadsheet or another system as CSV (quiz3.csv),
# one row per student. An empty cell, like student-0002's comment, is the
# same as leaving the attribute out: no comment is written.
resource "oneroster_result_set" "quiz3" {
  line_item_sourced_id = "biology-101-quiz-3"
  results = {
    for row in csvdecode(file("${path.module}/quiz3.csv")) :
    row.student => {
      score_status = "fully graded"
      score        = tonumber(row.points)
      comment      = row.comment
    }
  }
}
