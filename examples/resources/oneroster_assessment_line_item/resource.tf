variable "class_sourced_id" {
  type = string
}

# A benchmark given in a class, and its reading section: results are
# recorded on the section, read on the proficiency scale.
# OneRoster 1.2 only.
resource "oneroster_assessment_line_item" "fall_benchmark" {
  sourced_id       = "biology-101-fall-benchmark"
  title            = "Fall benchmark"
  class_sourced_id = var.class_sourced_id
}

resource "oneroster_assessment_line_item" "fall_reading" {
  sourced_id             = "biology-101-fall-benchmark-reading"
  title                  = "Fall benchmark: reading"
  description            = "Comprehension of a scientific text"
  class_sourced_id       = var.class_sourced_id
  parent_sourced_id      = oneroster_assessment_line_item.fall_benchmark.sourced_id
  score_scale_sourced_id = oneroster_score_scale.proficiency.sourced_id
  result_value_min       = 0
  result_value_max       = 4
  learning_objectives = [
    # A CASE identifier (a UUID) of the state standard, and the district's own.
    { source = "case", ids = ["6b8a1c3e-9a44-4f3e-8f0e-2d7c5b1a9e10"] },
    { source = "/district", ids = ["SCI-6-READ-2"] },
  ]
}

resource "oneroster_score_scale" "proficiency" {
  title            = "Proficiency"
  type             = "proficiency level"
  class_sourced_id = var.class_sourced_id
  values = [
    { lhs = "4", rhs = "exceeds" },
    { lhs = "3", rhs = "meets" },
    { lhs = "2", rhs = "approaching" },
    { lhs = "1", rhs = "beginning" },
  ]
}
