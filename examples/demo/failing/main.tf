# A connection with a wrong client secret: `terraform plan` fails with a
# message that names the connection, the auth method, the token URL and the
# server's answer.

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

resource "oneroster_connection" "wrong_secret" {
  name     = "springfield (wrong secret)"
  base_url = var.base_url
  oauth2_client_credentials = {
    client_id     = "sandbox-client"
    client_secret = "this-is-not-the-secret"
    token_url     = var.token_url
  }
}
