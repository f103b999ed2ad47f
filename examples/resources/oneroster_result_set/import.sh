# A result set is imported by its line item's sourcedId: the import adopts
# every active result of the line item (whatever its sourcedId; tobedeleted
# results are left out), one entry per student.
terraform import oneroster_result_set.quiz1 biology-101-quiz-1
