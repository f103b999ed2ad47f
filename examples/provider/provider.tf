# OAuth 2.0 client credentials: the usual choice for OneRoster 1.1 servers
# since 2022. Keep secrets out of the configuration: use variables or the
# ONEROSTER_* environment variables.
provider "oneroster" {
  base_url = "https://sis.springfield.example/ims/oneroster/v1p1"

  oauth2_client_credentials = {
    client_id     = var.oneroster_client_id
    client_secret = var.oneroster_client_secret
    token_url     = "https://sis.springfield.example/oauth2/token?appName=district"
    scopes = [
      "https://purl.imsglobal.org/spec/or/v1p1/scope/roster-core.readonly",
      "https://purl.imsglobal.org/spec/or/v1p1/scope/gradebook.createput",
    ]
  }
}

variable "oneroster_client_id" {
  type = string
}

variable "oneroster_client_secret" {
  type      = string
  sensitive = true
}
