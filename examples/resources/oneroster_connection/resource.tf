variable "springfield_client_id" {
  type = string
}

# Secrets come from the environment (TF_VAR_springfield_client_secret…),
# set by CI from its secret store; never write them into the configuration.
variable "springfield_client_secret" {
  type      = string
  sensitive = true
}

variable "shelbyville_consumer_key" {
  type = string
}

variable "shelbyville_consumer_secret" {
  type      = string
  sensitive = true
}

# Proves at plan time that the district's credentials work and that the
# server answers each rostering topic (and the gradebook reads).
resource "oneroster_connection" "springfield" {
  name     = "springfield"
  base_url = "https://sis.springfield.example/ims/oneroster/v1p1"
  oauth2_client_credentials = {
    client_id     = var.springfield_client_id
    client_secret = var.springfield_client_secret
    token_url     = "https://sis.springfield.example/oauth2/token?appName=district"
    scopes = [
      "https://purl.imsglobal.org/spec/or/v1p1/scope/roster-core.readonly",
      "https://purl.imsglobal.org/spec/or/v1p1/scope/roster-demographics.readonly",
      "https://purl.imsglobal.org/spec/or/v1p1/scope/gradebook.readonly",
    ]
  }
  topics         = ["orgs", "schools", "terms", "classes", "courses", "enrollments", "students", "teachers", "users", "demographics"]
  grades_enabled = true
}

# An older district on OAuth 1.0a.
resource "oneroster_connection" "shelbyville" {
  name     = "shelbyville"
  base_url = "https://shelbyville.example.com/aeries/ims/oneroster/v1p1"
  oauth1 = {
    consumer_key     = var.shelbyville_consumer_key
    consumer_secret  = var.shelbyville_consumer_secret
    signature_method = "HMAC-SHA1"
  }
}

output "springfield_student_count" {
  value = oneroster_connection.springfield.record_counts["students"]
}
