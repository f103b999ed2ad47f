# The provider block's OAuth 2 token, for another tool that calls the same
# OneRoster server, without the token ever being stored in a plan or state
# (Terraform 1.10+, OpenTofu 1.11+).
terraform {
  required_providers {
    oneroster = {
      source = "edu-iac/oneroster"
    }
    # A generic REST provider; any provider that takes a bearer token in its
    # configuration works the same way.
    restapi = {
      source = "Mastercard/restapi"
    }
  }
}

variable "client_id" {
  type = string
}

variable "client_secret" {
  type      = string
  sensitive = true
}

provider "oneroster" {
  base_url = "https://sis.springfield.example/ims/oneroster/v1p1"
  oauth2_client_credentials = {
    client_id     = var.client_id
    client_secret = var.client_secret
    token_url     = "https://sis.springfield.example/oauth2/token?appName=district"
    scopes        = ["https://purl.imsglobal.org/spec/or/v1p1/scope/roster-core.readonly"]
  }
}

ephemeral "oneroster_access_token" "sis" {}

# Ephemeral values may configure providers: the token is fetched afresh on
# every plan and apply and never written anywhere.
provider "restapi" {
  uri = "https://sis.springfield.example/ims/oneroster/v1p1"
  headers = {
    Authorization = "Bearer ${ephemeral.oneroster_access_token.sis.access_token}"
  }
}
