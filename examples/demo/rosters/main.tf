# Rosters feeding provisioning: the students of each class of one school,
# as the memberships an identity provider's class groups would get (see the
# guide "Provisioning accounts and groups from rosters").

terraform {
  required_providers {
    oneroster = {
      source = "edu-iac/oneroster"
    }
  }
}

variable "base_url" {
  type    = string
  default = "http://127.0.0.1:8765/ims/oneroster/v1p1"
}

variable "token_url" {
  type    = string
  default = "http://127.0.0.1:8765/oauth2/token?appName=sandbox"
}

provider "oneroster" {
  base_url = var.base_url
  oauth2_client_credentials = {
    client_id     = "sandbox-client"
    client_secret = "sandbox-client-secret"
    token_url     = var.token_url
  }
}

variable "school_identifier" {
  type        = string
  description = "The school whose classes become groups, by its identifier."
  default     = "SCH-001"
}

data "oneroster_schools" "demo" {
  where = [{ field = "identifier", value = var.school_identifier }]
}

locals {
  school = one(data.oneroster_schools.demo.schools)
}

data "oneroster_classes" "demo" {
  school_sourced_id = local.school.sourced_id
}

data "oneroster_students" "demo" {
  school_sourced_id = local.school.sourced_id
}

data "oneroster_enrollments" "demo" {
  school_sourced_id = local.school.sourced_id
  where             = [{ field = "role", value = "student" }]
}

locals {
  # Active students only: tobedeleted ones are not in the list.
  students = { for s in data.oneroster_students.demo.students : s.sourced_id => s }
  class_students = {
    for e in data.oneroster_enrollments.demo.enrollments :
    e.class_sourced_id => e.user_sourced_id... if can(local.students[e.user_sourced_id])
  }
}

output "class_groups" {
  description = "Would-be group memberships: each class of the school, keyed by sourcedId, with its students."
  value = {
    for c in data.oneroster_classes.demo.classes : c.sourced_id => {
      group = "${c.title} (${c.class_code}), ${local.school.name}"
      members = sort([
        for id in distinct(lookup(local.class_students, c.sourced_id, [])) :
        "${local.students[id].given_name} ${local.students[id].family_name} <${local.students[id].username}>"
      ])
    }
  }
}
