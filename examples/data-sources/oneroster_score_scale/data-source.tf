variable "score_scale_sourced_id" {
  type = string
}

# One score scale (OneRoster 1.2 only), e.g. to show what a text score
# stands for in a report.
data "oneroster_score_scale" "letters" {
  sourced_id = var.score_scale_sourced_id
}

output "meaning" {
  value = { for v in data.oneroster_score_scale.letters.values : v.rhs => v.lhs }
}
