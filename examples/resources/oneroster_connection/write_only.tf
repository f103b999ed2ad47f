# Write-only credentials (Terraform 1.11+, OpenTofu 1.11+): the secret is
# used at plan and apply but never stored in the plan or the state. Read it
# from an ephemeral source (an ephemeral variable, or an ephemeral resource
# of a secrets manager) and bump the version whenever the secret rotates:
# the update validates the connection again with the new secret.
variable "riverside_client_secret" {
  type      = string
  sensitive = true
  ephemeral = true
}

resource "oneroster_connection" "riverside" {
  name     = "riverside"
  base_url = "https://riverside.example.org/ims/oneroster/v1p1"
  oauth2_client_credentials = {
    client_id                = "terraform"
    client_secret_wo         = var.riverside_client_secret
    client_secret_wo_version = 3
    token_url                = "https://riverside.example.org/oauth2/token"
  }
}
