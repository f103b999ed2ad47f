variable "class_sourced_id" {
  type = string
}

# What the scores of a class mean: its line items, results and
# assessments refer to the scale by score_scale_sourced_id.
# OneRoster 1.2 only.
resource "oneroster_score_scale" "letters" {
  sourced_id       = "biology-101-letters"
  title            = "Letter grades"
  type             = "letter grade"
  class_sourced_id = var.class_sourced_id
  values = [
    { lhs = "90-100", rhs = "A" },
    { lhs = "80-89", rhs = "B" },
    { lhs = "70-79", rhs = "C" },
    { lhs = "0-69", rhs = "F" },
  ]
}
