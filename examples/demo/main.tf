# The demo district served by `make sandbox` (and started by `make demo`).
# Each connection checks the same district with one of the three
# authentication methods; `terraform plan` fails if any of them does not work.

terraform {
  required_providers {
    oneroster = {
      source = "edu-iac/oneroster"
    }
  }
}

variable "base_url" {
  type        = string
  description = "The sandbox's OneRoster base URL."
  default     = "http://127.0.0.1:8765/ims/oneroster/v1p1"
}

variable "token_url" {
  type        = string
  description = "The sandbox's OAuth 2 token endpoint (with the query string real vendors use)."
  default     = "http://127.0.0.1:8765/oauth2/token?appName=sandbox"
}

resource "oneroster_connection" "client_credentials" {
  name     = "springfield (OAuth 2 client credentials)"
  base_url = var.base_url
  oauth2_client_credentials = {
    client_id     = "sandbox-client"
    client_secret = "sandbox-client-secret"
    token_url     = var.token_url
  }
  grades_enabled = true
}

resource "oneroster_connection" "password" {
  name     = "springfield (OAuth 2 password)"
  base_url = var.base_url
  oauth2_password = {
    username  = "sandbox-admin"
    password  = "sandbox-password"
    token_url = var.token_url
  }
}

resource "oneroster_connection" "oauth1" {
  name     = "springfield (OAuth 1.0a)"
  base_url = var.base_url
  oauth1 = {
    consumer_key     = "sandbox-consumer"
    consumer_secret  = "sandbox-consumer-secret"
    signature_method = "HMAC-SHA256"
  }
}

output "connections" {
  description = "What each connection found: topics the server answered and their record counts."
  value = {
    for c in [
      oneroster_connection.client_credentials,
      oneroster_connection.password,
      oneroster_connection.oauth1,
      ] : c.name => {
      available_topics   = c.available_topics
      unavailable_topics = c.unavailable_topics
      record_counts      = c.record_counts
      granted_scopes     = c.granted_scopes
    }
  }
}
