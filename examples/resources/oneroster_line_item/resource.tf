variable "class_sourced_id" {
  type = string
}

variable "grading_period_sourced_id" {
  type = string
}

# One assignment (a gradebook column) of a class.
resource "oneroster_line_item" "quiz1" {
  sourced_id                = "biology-101-quiz-1"
  title                     = "Quiz 1: cells"
  description               = "Ten questions on cell structure"
  assign_date               = "2024-09-02"
  due_date                  = "2024-09-09T15:00:00Z"
  class_sourced_id          = var.class_sourced_id
  category_sourced_id       = oneroster_category.quizzes.sourced_id
  grading_period_sourced_id = var.grading_period_sourced_id
  result_value_min          = 0
  result_value_max          = 10
}

resource "oneroster_category" "quizzes" {
  title = "Quizzes"
}
