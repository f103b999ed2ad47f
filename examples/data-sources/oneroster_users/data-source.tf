# Everyone named O'Brien: values are quoted and escaped for you.
data "oneroster_users" "obriens" {
  where = [{ field = "family_name", value = "O'Brien" }]
}

output "obrien_usernames" {
  value = [for u in data.oneroster_users.obriens.users : u.username]
}

# Only the fields you need, for large districts: staff email addresses,
# e.g. for a mailing list.
data "oneroster_users" "staff" {
  fields = ["sourced_id", "email", "role"]
  where = [
    { field = "role", value = "teacher" },
    { field = "role", value = "administrator" },
    { field = "role", value = "aide" },
  ]
  logic = "OR"
}

output "staff_emails" {
  value = sort([for u in data.oneroster_users.staff.users : u.email if u.email != ""])
}
