package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
)

// This file turns the client's errors into diagnostics: a failed write
// (describeWriteError), a failed read of one gradebook object
// (readErrorDetail) and a failed listing (listError). Each message follows
// the same rules:
//   - the summary says what could not be done, to what;
//   - the detail starts with the client's error, which names the request
//     and the server's answer, with every secret already masked by the client;
//   - then it says how to fix it: the scope to grant, the argument to
//     change, the setting to raise;
//   - and it ends with requestHint, and where a wrong URL or auth style may
//     be the cause, with vendorHintForError.
//
// The connection's probes (tokenFailed, probeFailed) follow the same rules
// in words of their own: they name the connection and the topic, and end
// with the vendor hint of the connection's preset.

// failure is a client error taken apart once.
type failure struct {
	err error
	// api is the server's answer; nil when none came.
	api *oneroster.Error
	// route is a nested route the server does not serve; nil for others.
	route *oneroster.NestedRouteError
}

func failureOf(err error) failure {
	f := failure{err: err}
	errors.As(err, &f.api)
	errors.As(err, &f.route)
	return f
}

// refused reports whether the server answered and refused the request as
// it was sent (a 400 or 422, or an imsx failure).
func (f failure) refused() bool { return oneroster.IsRefused(f.err) && f.api != nil }

// description is the server's imsx description, or says it gave none.
func (f failure) description() string {
	if f.api.Description == "" {
		return "(the server gave no description)"
	}
	return f.api.Description
}

// lacksScope is the advice of a 403: needs says what needs the scope.
func lacksScope(scope, needs string) string {
	return fmt.Sprintf("The credentials probably lack the OAuth 2 scope %s, which %s needs.", scope, needs)
}

// describeWriteError turns a failed PUT or DELETE into a diagnostic a user
// can act on: a rejected body with the server's imsx description and
// codeMinor, a missing scope, or a timeout.
//
// write is the operation that failed (OpPut or OpDelete) of the
// collection info, which names the scope it needs.
func describeWriteError(
	ctx context.Context,
	op string,
	timeout time.Duration,
	title string,
	info *oneroster.Info,
	write oneroster.Operation,
	err error,
) (summary, detail string) {
	f := failureOf(err)
	method := write.Method()
	switch {
	case f.refused() && write == oneroster.OpDelete:
		return fmt.Sprintf("The server refused to delete the %s", title),
			fmt.Sprintf("%s %s answered %d with an imsx failure: %s\n\nThe %s is still on the server, and still in the state. "+
				"To stop managing it without deleting it, use a removed block (Terraform 1.7+) or terraform state rm.",
				method, f.api.URL, f.api.StatusCode, f.description(), title)
	case f.refused(): // the body was rejected
		return fmt.Sprintf("The server rejected the %s", title), f.rejectedBodyDetail(method, title)
	case oneroster.IsForbidden(err):
		verb := "write"
		if write == oneroster.OpDelete {
			verb = "delete"
		}
		return fmt.Sprintf("Not allowed to %s the %s", verb, title),
			fmt.Sprintf("%s\n\n%s Have the SIS grant it to this client, and list it in the provider's scopes if you set them.",
				err, lacksScope(info.ScopeFor(write, nil), method+" on the gradebook"))
	case oneroster.IsUnauthorized(err):
		return "The server rejected the credentials",
			fmt.Sprintf("%s\n\nCheck the provider block's credentials.%s", err, vendorHintForError(err))
	case errors.Is(err, oneroster.ErrRequestTimeout) && ctx.Err() == nil:
		// One attempt ran out of request_timeout, not the operation of its
		// timeouts block.
		return fmt.Sprintf("Timed out trying to %s the %s", op, title), err.Error() + requestHint(err)
	case errors.Is(err, context.DeadlineExceeded) || ctx.Err() != nil:
		return fmt.Sprintf("Timed out trying to %s the %s", op, title),
			fmt.Sprintf("%s\n\nThe %s did not finish within %s. Raise timeouts.%s if the server is slow.", err, op, timeout, op)
	}
	return fmt.Sprintf("Cannot %s the %s", op, title), err.Error() + requestHint(err)
}

// rejectedBodyDetail explains a written body the server refused: the value
// its description names is the one to correct, and without one, where to
// look.
func (f failure) rejectedBodyDetail(method, title string) string {
	codeMinor := f.api.CodeMinor
	if codeMinor == "" {
		codeMinor = "none given"
	}
	advice := "Correct the value it names and apply again."
	if f.api.Description == "" {
		advice = fmt.Sprintf("The server named no value: compare the %s's attributes with what the SIS accepts "+
			"(its ids, dates and scores above all), or ask the SIS vendor what it refuses, and apply again.", title)
	}
	return fmt.Sprintf("%s %s answered %d (codeMinor %s): %s\n\n%s", method, f.api.URL, f.api.StatusCode, codeMinor, f.description(), advice)
}

// readErrorDetail explains a failed GET of a gradebook object of the
// collection info.
func readErrorDetail(info *oneroster.Info, err error) string {
	f := failureOf(err)
	switch {
	case f.route != nil:
		return nestedRouteDetail(info.Name, f.route)
	case oneroster.IsForbidden(err):
		scope := info.ReadScope
		var nested forbiddenRead
		if errors.As(err, &nested) {
			scope = nested.scope
		}
		return fmt.Sprintf("%s\n\n%s", err, lacksScope(scope, "reading the gradebook"))
	}
	return err.Error() + requestHint(err)
}

// forbiddenRead is a refused read of a nested route, with the scope the
// route needs: 1.2 grants the collections to gradebook-core.readonly,
// and their class-scoped routes to gradebook.readonly only.
type forbiddenRead struct {
	error
	scope string
}

func (e forbiddenRead) Unwrap() error { return e.error }

// listError explains a failed read of name at loc from the client for
// baseURL; a rejected filter, sort or field selection is reported against
// the argument that caused it, and a 404 from a base URL that lacks the
// OneRoster path says so.
func listError(name string, loc oneroster.Location, baseURL string, err error) diag.Diagnostics {
	var diags diag.Diagnostics
	f := failureOf(err)
	switch {
	case f.route != nil:
		// Before the checks below: its cause may be a 404 (the route's)
		// or a refused filter (the provider's, not the configuration's).
		diags.AddError("The server cannot list "+name+" this way", nestedRouteDetail(name, f.route)+
			" Or read the records without that scoping argument and select them in the configuration (a for expression).")
	case f.api != nil && f.api.RefusedParameter() != "":
		attr := f.api.RefusedParameter()
		diags.AddAttributeError(path.Root(attr), "The server rejected "+attr, fmt.Sprintf("Reading %s from %s: %s", name, loc, describeRefusal(f.api)))
	case f.api != nil && loc.Unsupported(err):
		diags.AddError("The server does not support "+name,
			fmt.Sprintf("Reading %s: %s\n\nMany servers leave out demographics, resources or the gradebook; check with the district's SIS vendor.%s",
				loc, err, missingPathHint(baseURL, "")))
	case f.api != nil && oneroster.IsNotFound(err):
		// Not found, where that does not mean "not supported": the
		// scoping record does not exist.
		diags.AddError("Cannot read "+name,
			fmt.Sprintf("Reading %s: %s\n\nCheck the scoping arguments: the server knows no record with one of those sourcedIds.%s",
				loc, err, missingPathHint(baseURL, "")))
	case f.api != nil && oneroster.IsForbidden(err):
		diags.AddError("Not allowed to read "+name,
			fmt.Sprintf("Reading %s: %s\n\nThe credentials probably lack a scope: %s needs %s.", loc, err, loc, loc.Scope()))
	default:
		diags.AddError("Cannot read "+name, fmt.Sprintf("Reading %s: %s%s%s", loc, err, requestHint(err), vendorHintForError(err)))
	}
	return diags
}

// tokenFailed reports a probe's failed token request.
func (p *connectionProbe) tokenFailed(err error) {
	// The error names the token URL: the message says it once.
	summary := fmt.Sprintf("Connection %q: authentication failed", p.name)
	if host, ok := oneroster.UnreachableHost(err); ok {
		summary = fmt.Sprintf("Connection %q: token endpoint host %s unreachable", p.name, host)
	}
	p.diags.AddError(summary, fmt.Sprintf("The %s token request failed: %s%s%s", p.method, err, requestHint(err), p.hint()))
}

// probeFailed reports a topic's failed probe. It reports whether probing
// can go on.
func (p *connectionProbe) probeFailed(topic string, collection *oneroster.Info, err error) bool {
	// The service's base URL: on 1.2 the gradebook has its own.
	serviceURL := p.client.ServiceBaseURL(collection.Service)
	switch {
	case oneroster.IsUnreachable(err):
		host, _ := oneroster.UnreachableHost(err)
		p.diags.AddError(fmt.Sprintf("Connection %q: host %s unreachable", p.name, host),
			fmt.Sprintf("Probing %s at %s: %s%s", topic, serviceURL, err, p.hint()))
		return false
	case oneroster.IsUnauthorized(err):
		p.diags.AddError(
			fmt.Sprintf("Connection %q: credentials rejected", p.name),
			fmt.Sprintf(
				"%s authentication was refused by %s: %s\n\nCheck the credentials (and, for OAuth 1, the machine's clock).%s",
				p.method,
				serviceURL,
				err,
				p.hint(),
			),
		)
		return false
	case oneroster.IsForbidden(err):
		p.diags.AddError(
			fmt.Sprintf("Connection %q: %s not allowed", p.name, topic),
			fmt.Sprintf(
				"The server refused %s with %s authentication: %s\n\nThe credentials probably lack the scope %s. Ask the district to grant it, or %s.",
				topic,
				p.method,
				err,
				collection.ReadScope,
				stopProbing(collection),
			),
		)
	default:
		p.diags.AddError(fmt.Sprintf("Connection %q: %s failed", p.name, topic),
			fmt.Sprintf("Probing %s at %s with %s authentication failed: %s%s%s", topic, serviceURL, p.method, err, requestHint(err), p.hint()))
	}
	return true
}

// nestedRouteDetail explains a listing at a nested route the server does
// not serve: the route, and the filter it refused in its place (with the
// fields it allows) or why there is none. The scoped records exist.
func nestedRouteDetail(name string, e *oneroster.NestedRouteError) string {
	const instead = "Ask the SIS vendor for the nested route, or for filtering on that field."
	if e.Flat == "" {
		return fmt.Sprintf("Reading %s: the server does not serve %s (it answered %s), although the records it is scoped to exist; and no "+
			"filter of the collection selects these records instead: %s.\n\n%s", name, e.Route, e.Status(), e.Why, instead)
	}
	refused := e.Err.Error()
	var apiErr *oneroster.Error
	if errors.As(e.Err, &apiErr) && apiErr.Refusal != nil {
		refused = fmt.Sprintf("it does not allow to filter on %s; it allows only %s", strings.Join(apiErr.Refusal.Fields, ", "),
			strings.Join(apiErr.Refusal.Allowed, ", "))
	}
	return fmt.Sprintf("Reading %s: the server does not serve %s (it answered %s), although the records it is scoped to exist; and it "+
		"refused the same records read as %s: %s.\n\n%s", name, e.Route, e.Status(), e.Flat, refused, instead)
}

// describeRefusal says which part of a query the server refused: the
// fields and those it allows when it named them, its codeMinor and
// description otherwise.
func describeRefusal(apiErr *oneroster.Error) string {
	attr := apiErr.RefusedParameter()
	if r := apiErr.Refusal; r != nil {
		verb := "filter on"
		if r.Parameter == "fields" {
			verb = "select"
		}
		return fmt.Sprintf("the server does not allow to %s %s: it allows only %s. Leave that field out of %s.",
			verb, strings.Join(r.Fields, ", "), strings.Join(r.Allowed, ", "), refusalArgs(attr))
	}
	return fmt.Sprintf("the server rejected the %s (%s): %s", attr, apiErr.CodeMinor, apiErr.Description)
}

// refusalArgs names the arguments that set a query parameter.
func refusalArgs(parameter string) string {
	if parameter == "filter" {
		return "where and filter"
	}
	return parameter
}

// requestHint says what to do about a failed request when the provider's
// settings can cure it: trusting the district's CA (ca_cert_pem), or giving
// each attempt more time (request_timeout). Every diagnostic of a failed
// request ends with it.
func requestHint(err error) string {
	switch {
	case oneroster.IsCertificateError(err):
		return "\n\nThe server's TLS certificate could not be verified. If the district's own CA signed it, give that CA's certificate in the " +
			"provider block's ca_cert_pem."
	case errors.Is(err, oneroster.ErrRequestTimeout):
		return "\n\nEach attempt may take as long as the provider block's request_timeout allows: raise request_timeout " +
			"(e.g. request_timeout = \"2m\") if the server is slow."
	}
	return ""
}

// vendorHintForError is vendorHint for a failed request of the provider
// block's client, from the URL the error names: failures that a wrong URL,
// auth style or scope may cause (a token endpoint's refusal, a 401, a 404).
func vendorHintForError(err error) string {
	var tokenErr *oneroster.TokenError
	var apiErr *oneroster.Error
	switch {
	case errors.As(err, &tokenErr):
		return vendorHint(nil, tokenErr.URL)
	case errors.As(err, &apiErr) && (oneroster.IsUnauthorized(err) || oneroster.IsNotFound(err)):
		return vendorHint(nil, apiErr.URL)
	}
	return ""
}
