# An assessment result is imported by its sourcedId.
terraform import oneroster_assessment_result.student_0001_fall_reading fall-reading-student-0001-attempt-1
