# A result set is imported by its line item's sourcedId: the import adopts
# every result of the line item whose sourcedId follows the set's rule.
terraform import oneroster_result_set.quiz1 biology-101-quiz-1
