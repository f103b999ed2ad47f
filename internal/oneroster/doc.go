// Package oneroster is a client for the 1EdTech OneRoster REST API, 1.1
// and 1.2 (rostering, gradebook and resources): one catalog of collections
// per version (catalog_v1p1.go, catalog_v1p2.go), with typed operations on
// them, so callers never build a path or decode an envelope.
//
// It knows nothing about Terraform: it authenticates (OAuth 1.0a two-legged,
// OAuth 2 client credentials or password grant, or a fixed bearer token),
// retries what is safe to retry, paces requests to a vendor's published
// rate, pages through collections, and turns the imsx_StatusInfo error
// documents of real servers into typed errors. Vendor presets (vendors.go)
// are rows of one table.
//
// One Client is meant to be shared by every caller of one connection: it
// caches the OAuth 2 access token and is safe for concurrent use.
//
// Secrets (consumer and client secrets, passwords, access tokens, OAuth 1
// signatures, Authorization headers) never appear in an error string or a log
// line produced by this package.
package oneroster
