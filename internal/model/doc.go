// Package model holds the OneRoster 1.1 and 1.2 data types shared by the API client
// (internal/oneroster) and the sandbox server (internal/sandbox).
//
// The types decode tolerantly because real servers do not follow the
// binding to the letter: booleans arrive as true, "true" or 1, numbers as
// strings, optional fields as null or not at all, and references with a
// relative ("~/…") or missing href. Unknown fields are ignored. Encoding is
// always spec-shaped, so the sandbox can serve these types as they are and
// add quirks on top.
//
// OneRoster 1.2 records share these types: a 1.2 field is an optional
// field beside the 1.1 ones (a line item's school and scoreScale, a
// result's flags), and where 1.2 changes a shape the decoder reads both
// into one (a 1.2 user's roles[] also fill 1.1's role and orgs; see
// User.UnmarshalJSON), so callers read either version the same way.
package model
