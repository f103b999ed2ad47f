# A OneRoster 1.2 read: the teachers of one school with all their roles.
# 1.2 users carry roles[] (one per org, primary or secondary) instead of
# 1.1's single role; the where clauses become the 1.2 filter
# roles.role='teacher' AND roles.org.sourcedId='…', asked of the server.

terraform {
  required_providers {
    oneroster = {
      source = "edu-iac/oneroster"
    }
  }
}

variable "base_url_v1p2" {
  type    = string
  default = "http://127.0.0.1:8765/ims/oneroster/rostering/v1p2"
}

variable "token_url" {
  type    = string
  default = "http://127.0.0.1:8765/oauth2/token?appName=sandbox"
}

provider "oneroster" {
  base_url = var.base_url_v1p2
  oauth2_client_credentials = {
    client_id     = "sandbox-client"
    client_secret = "sandbox-client-secret"
    token_url     = var.token_url
  }
}

variable "school_identifier" {
  type        = string
  description = "The school whose teachers to list, by its identifier (one of SCH-002's teachers also administers it)."
  default     = "SCH-002"
}

data "oneroster_schools" "demo" {
  where = [{ field = "identifier", value = var.school_identifier }]
}

locals {
  school = one(data.oneroster_schools.demo.schools)
}

data "oneroster_users" "teachers" {
  where = [
    { field = "roles.role", value = "teacher" },
    { field = "roles.org_sourced_id", value = local.school.sourced_id },
  ]
}

output "school_teachers" {
  description = "The school's teachers, each with every role they hold (primary first) and the org it is at."
  value = {
    for u in data.oneroster_users.teachers.users : "${coalesce(u.preferred_first_name, u.given_name)} ${u.family_name} <${u.username}>" => [
      for r in u.roles : "${r.role_type} ${r.role} at ${r.org_sourced_id}"
    ]
  }
}
