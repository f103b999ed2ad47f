# An assessment result is imported by its sourcedId.
terraform import oneroster_assessment_result.fall_reading_attempt_1 fall-reading-student-000001-attempt-1
