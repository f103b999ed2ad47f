variable "school_sourced_id" {
  type = string
}

variable "term_sourced_id" {
  type = string
}

# On a OneRoster 1.2 server: 1.2 requires the school of every line item it
# writes, and adds the academic session, a score scale and the learning
# objectives the assignment assesses.
resource "oneroster_line_item" "lab1" {
  sourced_id                  = "biology-101-lab-1"
  title                       = "Lab 1: osmosis"
  assign_date                 = "2024-09-16"
  due_date                    = "2024-09-23"
  class_sourced_id            = var.class_sourced_id
  category_sourced_id         = oneroster_category.labs.sourced_id
  school_sourced_id           = var.school_sourced_id
  academic_session_sourced_id = var.term_sourced_id
  result_value_min            = 0
  result_value_max            = 20

  learning_objectives = [
    { source = "case", ids = ["c5f1e8a2-6d1b-4c1e-9a0f-2b7d4e9c1a11"] },
    { source = "/district", ids = ["BIO.7.2", "BIO.7.3"] },
  ]
}

resource "oneroster_category" "labs" {
  title  = "Labs"
  weight = 0.3
}
