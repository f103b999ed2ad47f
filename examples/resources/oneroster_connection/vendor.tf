# A vendor preset: name the SIS and give what its console shows. The plan
# shows the URLs the preset derived (resolved_base_url, resolved_token_url);
# anything set explicitly wins over the preset. See the "Connecting to your
# SIS" guide for each vendor's inputs.
resource "oneroster_connection" "shelbyville" {
  name = "shelbyville"
  vendor = {
    name             = "infinite_campus"
    host             = "shelbyville.infinitecampus.org"
    app_name         = "shelbyville"
    gradebook_writes = true
  }
  grades_enabled = true
  # Infinite Campus answers 401 to gradebook calls without the vendor
  # key and secret its partner program issued.
  gradebook_headers = {
    "x-vendor-authorization" = "${var.ic_vendor_key}:${var.ic_vendor_secret}"
  }
  oauth2_client_credentials = {
    client_id     = var.shelbyville_client_id
    client_secret = var.shelbyville_client_secret
  }
}

variable "ic_vendor_key" {
  type = string
}

variable "ic_vendor_secret" {
  type      = string
  sensitive = true
}

variable "shelbyville_client_id" {
  type = string
}

variable "shelbyville_client_secret" {
  type      = string
  sensitive = true
}
