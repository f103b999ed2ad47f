# A score scale is imported by its sourcedId.
terraform import oneroster_score_scale.letters biology-101-letters
