# A line item is imported by its sourcedId.
terraform import oneroster_line_item.quiz1 biology-101-quiz-1
