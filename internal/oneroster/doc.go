// Package oneroster is a client for the 1EdTech OneRoster 1.1 REST API.
//
// It knows nothing about Terraform: it authenticates (OAuth 1.0a two-legged,
// OAuth 2 client credentials or password grant), retries what is safe to
// retry, pages through collections, and turns the imsx_StatusInfo error
// documents of real servers into typed errors.
//
// One Client is meant to be shared by every caller of one connection: it
// caches the OAuth 2 access token and is safe for concurrent use.
//
// Secrets (consumer and client secrets, passwords, access tokens, OAuth 1
// signatures, Authorization headers) never appear in an error string or a log
// line produced by this package.
package oneroster
