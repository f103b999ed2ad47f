# A result is imported by its sourcedId.
terraform import oneroster_result.quiz1_student_0001 result-000123
