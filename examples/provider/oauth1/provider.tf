# OAuth 1.0a two-legged signing, the OneRoster 1.1 default: a consumer key
# and secret, no token endpoint.
provider "oneroster" {
  base_url = "https://sis.shelbyville.example/ims/oneroster/v1p1"

  oauth1 = {
    consumer_key     = var.oneroster_consumer_key
    consumer_secret  = var.oneroster_consumer_secret
    signature_method = "HMAC-SHA256" # or "HMAC-SHA1" for older deployments
  }
}

variable "oneroster_consumer_key" {
  type = string
}

variable "oneroster_consumer_secret" {
  type      = string
  sensitive = true
}
