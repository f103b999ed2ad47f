# The demo district served by `make sandbox` (and started by `make demo`).
# Each connection checks the same district with one of the three
# authentication methods, and the last over OneRoster 1.2, which the sandbox
# serves beside 1.1; `terraform plan` fails if any of them does not work.

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

variable "base_url_v1p2" {
  type        = string
  description = "The sandbox's OneRoster 1.2 rostering base URL: the gradebook's is derived from it (…/gradebook/v1p2)."
  default     = "http://127.0.0.1:8765/ims/oneroster/rostering/v1p2"
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

# The same district over OneRoster 1.2 (OAuth 2 only): the base URL says
# which version, and the connection reports it. With grades_enabled it also
# probes 1.2's score scales and assessments.
resource "oneroster_connection" "v1p2" {
  name     = "springfield (OneRoster 1.2, OAuth 2 client credentials)"
  base_url = var.base_url_v1p2
  oauth2_client_credentials = {
    client_id     = "sandbox-client"
    client_secret = "sandbox-client-secret"
    token_url     = var.token_url
  }
  grades_enabled = true
}

output "connections" {
  description = "What each connection found: topics the server answered and their record counts."
  value = {
    for c in [
      oneroster_connection.client_credentials,
      oneroster_connection.password,
      oneroster_connection.oauth1,
      oneroster_connection.v1p2,
      ] : c.name => {
      oneroster_version  = c.oneroster_version
      available_topics   = c.available_topics
      unavailable_topics = c.unavailable_topics
      record_counts      = c.record_counts
      granted_scopes     = c.granted_scopes
    }
  }
}
