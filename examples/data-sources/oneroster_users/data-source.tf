# Everyone named O'Brien: values are quoted and escaped for you.
data "oneroster_users" "obriens" {
  where = [{ field = "family_name", value = "O'Brien" }]
}

# Only the fields you need, for large districts.
data "oneroster_users" "emails" {
  fields = ["sourced_id", "email", "role"]
}

output "obrien_usernames" {
  value = [for u in data.oneroster_users.obriens.users : u.username]
}
