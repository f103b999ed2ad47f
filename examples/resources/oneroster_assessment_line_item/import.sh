# An assessment line item is imported by its sourcedId.
terraform import oneroster_assessment_line_item.fall_reading biology-101-fall-benchmark-reading
