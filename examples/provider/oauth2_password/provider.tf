# OAuth 2.0 resource-owner password grant, for servers that issue tokens to
# a service account. client_id and client_secret only when the server asks.
provider "oneroster" {
  base_url = "https://sis.capitalcity.example/api/ims/oneroster/v1p1"

  oauth2_password = {
    username    = var.oneroster_username
    password    = var.oneroster_password
    token_url   = "https://sis.capitalcity.example/oauth/token"
    client_id   = "terraform"
    client_auth = "body" # credentials as form parameters rather than HTTP Basic
    scopes = [
      "https://purl.imsglobal.org/spec/or/v1p1/scope/roster.readonly",
    ]
  }
}

variable "oneroster_username" {
  type = string
}

variable "oneroster_password" {
  type      = string
  sensitive = true
}
