// Package model holds the OneRoster 1.1 data types shared by the API client
// (internal/oneroster) and the sandbox server (internal/sandbox).
//
// The types decode tolerantly because real servers do not follow the
// binding to the letter: booleans arrive as true, "true" or 1, numbers as
// strings, optional fields as null or not at all, and references with a
// relative ("~/…") or missing href. Unknown fields are ignored. Encoding is
// always spec-shaped, so the sandbox can serve these types as they are and
// add quirks on top.
//
// OneRoster 1.2 changes several shapes (users carry roles[] instead of
// role/orgs, line items gain school and scoreScale…); those will live in a
// sibling package rather than bending these types.
package model
