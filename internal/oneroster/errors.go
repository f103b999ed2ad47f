package oneroster

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Error is an HTTP answer the client could not use: a non-2xx status, or a
// 2xx whose body was not the JSON document expected (then Description says
// what was wrong with it). Code* fields come from the server's
// imsx_StatusInfo when it sent one.
type Error struct {
	Method string
	// URL is the request URL without query string or user info.
	URL        string
	StatusCode int
	CodeMajor  string
	Severity   string
	CodeMinor  string
	// Description is the server's imsx_description (with any known secret
	// masked) or, for bodies that were not JSON, a short sentence saying
	// what the body was. It never quotes a non-JSON body.
	Description string
	// RetryAfter is the wait the server asked for in Retry-After, if any.
	RetryAfter time.Duration
	// Hint is the client's own reading of the failure, when it has one
	// (e.g. an OAuth 1 401 from a server whose clock differs from ours).
	Hint string
	// Refusal is the field of the query the server refused and those it
	// allows, when its description says so in a form the client reads
	// (see readRefusal); nil otherwise.
	Refusal *FieldRefusal
}

// FieldRefusal is a refused query field, as servers that send no codeMinor
// put it in their description: the Ed-Fi OneRoster server answers 400
// "Field 'course.sourcedId' is not allowed for filtering. Allowed fields:
// sourcedId, status, …".
type FieldRefusal struct {
	// Parameter is the query parameter refused: "filter" or "fields".
	Parameter string
	// Fields are the fields refused; Allowed are those the server names
	// as allowed, in its order.
	Fields  []string
	Allowed []string
}

// fieldRefusals are the sentences readRefusal knows, each with the query
// parameter it refuses: the field (or fields) refused, then the list of
// those allowed.
var fieldRefusals = []struct {
	parameter string
	pattern   *regexp.Regexp
}{
	{"filter", regexp.MustCompile(`(?i)field '([^']+)' is not allowed for filtering\.?\s*allowed fields:\s*(.+)$`)},
	{"fields", regexp.MustCompile(`(?i)invalid fields requested:\s*(.+?)\.\s*allowed fields:\s*(.+)$`)},
}

// readRefusal reads a FieldRefusal from a server's description; nil when
// it is not one.
func readRefusal(description string) *FieldRefusal {
	for _, r := range fieldRefusals {
		m := r.pattern.FindStringSubmatch(strings.TrimSpace(description))
		if m == nil {
			continue
		}
		return &FieldRefusal{Parameter: r.parameter, Fields: splitFieldList(m[1]), Allowed: splitFieldList(strings.TrimSuffix(m[2], "."))}
	}
	return nil
}

func splitFieldList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// RefusedParameter names the query parameter a refused listing blames,
// "filter", "sort" or "fields", from the codeMinor the binding defines or
// from a Refusal; "" when it blames none. It is the one place that reads
// which part of a query a server refused.
func (e *Error) RefusedParameter() string {
	switch strings.ToLower(e.CodeMinor) {
	case "invalid_filter_field":
		return "filter"
	case "invalid_sort_field":
		return "sort"
	case "invalid_selection_field":
		return "fields"
	}
	if e.Refusal != nil {
		return e.Refusal.Parameter
	}
	return ""
}

// Error renders e as, for example:
//
//	GET https://sis.example/ims/oneroster/v1p1/demographics: 404 Not Found (codeMajor=failure, codeMinor=unknownobject): Demographics are not supported
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Method)
	b.WriteByte(' ')
	b.WriteString(e.URL)
	b.WriteString(": ")
	b.WriteString(strconv.Itoa(e.StatusCode))
	if text := http.StatusText(e.StatusCode); text != "" {
		b.WriteByte(' ')
		b.WriteString(text)
	}
	var codes []string
	if e.CodeMajor != "" {
		codes = append(codes, "codeMajor="+e.CodeMajor)
	}
	if e.CodeMinor != "" {
		codes = append(codes, "codeMinor="+e.CodeMinor)
	}
	if len(codes) > 0 {
		b.WriteString(" (")
		b.WriteString(strings.Join(codes, ", "))
		b.WriteByte(')')
	}
	if e.Description != "" {
		b.WriteString(": ")
		b.WriteString(e.Description)
	}
	if e.Hint != "" {
		b.WriteString(" (")
		b.WriteString(e.Hint)
		b.WriteByte(')')
	}
	return b.String()
}

// IsNotFound reports whether err is a 404 or carries the codeMinor
// unknownobject (some servers send that with a 400 or even a 200).
func IsNotFound(err error) bool {
	var e *Error
	if !errors.As(err, &e) {
		return false
	}
	return e.StatusCode == http.StatusNotFound || strings.EqualFold(e.CodeMinor, "unknownobject")
}

// IsRefused reports whether the server answered and refused the request
// as it was sent: a 400 or 422, or a 2xx whose body is an imsx failure
// (Description then says why).
func IsRefused(err error) bool {
	var e *Error
	if !errors.As(err, &e) {
		return false
	}
	return e.StatusCode == http.StatusBadRequest || e.StatusCode == http.StatusUnprocessableEntity || isStatusFailure(e)
}

// isStatusFailure tells an imsx failure answered with a 2xx status.
func isStatusFailure(e *Error) bool {
	return e.StatusCode >= 200 && e.StatusCode < 300 && e.CodeMajor != ""
}

// WriteMayHaveBeenApplied tells a failed PUT or DELETE that the server may
// still have carried out (no answer, a timeout, a 5xx, a 408, a body cut
// off) from one it certainly did not: a failed token request, a 4xx
// other than 408, a 2xx with an imsx failure, or a request the client
// refused to send (a dot-segment sourcedId).
func WriteMayHaveBeenApplied(err error) bool {
	if errors.Is(err, ErrDotSegmentID) {
		return false
	}
	var tokenErr *TokenError
	if errors.As(err, &tokenErr) {
		return false
	}
	var e *Error
	if errors.As(err, &e) {
		if isStatusFailure(e) {
			return false
		}
		if e.StatusCode >= 400 && e.StatusCode < 500 && e.StatusCode != http.StatusRequestTimeout {
			return false
		}
	}
	return true
}

// IsUnauthorized reports whether err is a 401 from the API, or a rejection
// of the credentials by the OAuth 2 token endpoint.
func IsUnauthorized(err error) bool {
	var e *Error
	if errors.As(err, &e) {
		return e.StatusCode == http.StatusUnauthorized
	}
	var te *TokenError
	if errors.As(err, &te) {
		return te.isRejection()
	}
	return false
}

// IsForbidden reports whether err is a 403: the credentials are valid but do
// not grant this request (a missing scope, a topic not licensed).
func IsForbidden(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.StatusCode == http.StatusForbidden
}

// IsNotImplemented reports whether err is a 501 or a 405: the server does
// not offer this operation at all.
func IsNotImplemented(err error) bool {
	var e *Error
	return errors.As(err, &e) && (e.StatusCode == http.StatusNotImplemented || e.StatusCode == http.StatusMethodNotAllowed)
}

// StatusInfo is the content of an imsx_StatusInfo document.
type StatusInfo struct {
	CodeMajor   string
	Severity    string
	Description string
	// CodeMinor is the first codeMinor value (e.g. "unknownobject");
	// CodeMinorFields has them all, by field name, in the order sent.
	CodeMinor       string
	CodeMinorFields []CodeMinorField
}

// CodeMinorField is one imsx_codeMinorField entry.
type CodeMinorField struct {
	Name  string
	Value string
}

// DecodeStatusInfo reads an imsx_StatusInfo from body in any of the shapes
// servers send: bare, wrapped in {"statusInfoSet":[…]} (or imsx_statusInfoSet,
// statusInfo, imsx_StatusInfo), or flattened with imsx_codeMinor as a plain
// string. Key names are matched case-insensitively. It reports false when
// body is not JSON or holds no status information.
func DecodeStatusInfo(body []byte) (StatusInfo, bool) {
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return StatusInfo{}, false
	}
	var raw json.RawMessage
	if err := json.Unmarshal(body, &raw); err != nil {
		return StatusInfo{}, false
	}
	return statusInfoFrom(raw, 0)
}

// statusInfoFrom looks for status fields in v, descending into the known
// wrappers. depth bounds the descent, as the input is untrusted.
func statusInfoFrom(v json.RawMessage, depth int) (StatusInfo, bool) {
	if depth > 4 {
		return StatusInfo{}, false
	}
	v = bytes.TrimSpace(v)
	if len(v) == 0 {
		return StatusInfo{}, false
	}
	switch v[0] {
	case '[':
		var items []json.RawMessage
		if json.Unmarshal(v, &items) != nil {
			return StatusInfo{}, false
		}
		for _, item := range items {
			if info, ok := statusInfoFrom(item, depth+1); ok {
				return info, true
			}
		}
		return StatusInfo{}, false
	case '{':
	default:
		return StatusInfo{}, false
	}
	var fields map[string]json.RawMessage
	if json.Unmarshal(v, &fields) != nil {
		return StatusInfo{}, false
	}
	lower := make(map[string]json.RawMessage, len(fields))
	for k, val := range fields {
		lower[strings.ToLower(k)] = val
	}
	for _, wrapper := range []string{"statusinfoset", "imsx_statusinfoset", "imsx_statusinfo", "statusinfo"} {
		if inner, ok := lower[wrapper]; ok {
			if info, ok := statusInfoFrom(inner, depth+1); ok {
				return info, true
			}
		}
	}
	var info StatusInfo
	info.CodeMajor = jsonString(lower["imsx_codemajor"])
	info.Severity = jsonString(lower["imsx_severity"])
	info.Description = jsonString(lower["imsx_description"])
	if minor, ok := lower["imsx_codeminor"]; ok {
		info.CodeMinorFields = codeMinorFields(minor)
	}
	if len(info.CodeMinorFields) > 0 {
		info.CodeMinor = info.CodeMinorFields[0].Value
	}
	if info.CodeMajor == "" && info.Severity == "" && info.Description == "" && info.CodeMinor == "" {
		return StatusInfo{}, false
	}
	return info, true
}

// codeMinorFields reads imsx_CodeMinor, which is either a plain string (the
// flat shape) or {"imsx_codeMinorField":[{name,value}…]}, where some servers
// send a single object instead of the array.
func codeMinorFields(v json.RawMessage) []CodeMinorField {
	v = bytes.TrimSpace(v)
	if len(v) == 0 {
		return nil
	}
	if v[0] == '"' {
		if s := jsonString(v); s != "" {
			return []CodeMinorField{{Value: s}}
		}
		return nil
	}
	var wrapper map[string]json.RawMessage
	if json.Unmarshal(v, &wrapper) != nil {
		return nil
	}
	var list json.RawMessage
	for k, val := range wrapper {
		if strings.EqualFold(k, "imsx_codeMinorField") {
			list = bytes.TrimSpace(val)
		}
	}
	if len(list) == 0 {
		return nil
	}
	var items []json.RawMessage
	if list[0] == '{' {
		items = []json.RawMessage{list}
	} else if json.Unmarshal(list, &items) != nil {
		return nil
	}
	var out []CodeMinorField
	for _, item := range items {
		var entry map[string]json.RawMessage
		if json.Unmarshal(item, &entry) != nil {
			continue
		}
		var field CodeMinorField
		for k, val := range entry {
			switch strings.ToLower(k) {
			case "imsx_codeminorfieldname":
				field.Name = jsonString(val)
			case "imsx_codeminorfieldvalue":
				field.Value = jsonString(val)
			}
		}
		if field.Value != "" || field.Name != "" {
			out = append(out, field)
		}
	}
	return out
}

// jsonString reads a JSON string, or the text of a number or boolean, and
// returns "" for anything else.
func jsonString(v json.RawMessage) string {
	v = bytes.TrimSpace(v)
	if len(v) == 0 {
		return ""
	}
	switch v[0] {
	case '"':
		var s string
		if json.Unmarshal(v, &s) == nil {
			return strings.TrimSpace(s)
		}
		return ""
	case '{', '[', 'n':
		return ""
	default:
		return string(v)
	}
}

// maxErrorBody bounds how much of an error body is read: enough for any
// status document, not enough for a runaway HTML page to matter.
const maxErrorBody = 64 << 10

// errorFromBody builds the Error for a non-2xx answer. body is at most
// maxErrorBody bytes. Server text passes through scrub before it is kept.
func errorFromBody(method, url string, status int, contentType string, body []byte, scrub func(string) string) *Error {
	e := &Error{Method: method, URL: url, StatusCode: status}
	if info, ok := DecodeStatusInfo(body); ok {
		e.CodeMajor = scrub(info.CodeMajor)
		e.Severity = scrub(info.Severity)
		e.CodeMinor = scrub(info.CodeMinor)
		e.Description = scrub(info.Description)
		e.Refusal = readRefusal(e.Description)
		return e
	}
	if desc, ok := genericErrorDescription(body); ok {
		e.Description = scrub(desc)
		e.Refusal = readRefusal(e.Description)
		return e
	}
	e.Description = describeUnusableBody(contentType, body)
	return e
}

// genericErrorDescription reads the message of the non-OneRoster error
// documents that gateways and frameworks put in front of SIS servers:
// {"error":…,"error_description":…}, {"message":…}, {"detail":…}.
func genericErrorDescription(body []byte) (string, bool) {
	var doc map[string]json.RawMessage
	if json.Unmarshal(bytes.TrimSpace(body), &doc) != nil {
		return "", false
	}
	get := func(name string) string {
		for k, v := range doc {
			if strings.EqualFold(k, name) {
				return jsonString(v)
			}
		}
		return ""
	}
	code, desc := get("error"), get("error_description")
	switch {
	case code != "" && desc != "":
		return code + ": " + desc, true
	case desc != "":
		return desc, true
	case code != "":
		return code, true
	}
	for _, name := range []string{"message", "detail", "title", "description"} {
		if s := get(name); s != "" {
			return s, true
		}
	}
	return "", false
}

// describeUnusableBody says in one short sentence what a body that is not a
// usable JSON document was. It never quotes the body: HTML error pages echo
// request headers and URLs, and a snippet is rarely what a user needs.
func describeUnusableBody(contentType string, body []byte) string {
	kind := bodyKind(contentType, body)
	if kind == kindHTML {
		return "the server answered with an HTML page, not JSON"
	}
	return "the server answered with " + kind
}

const kindHTML = "an HTML page"

// bodyKind names what a body is, as a noun phrase for error sentences.
func bodyKind(contentType string, body []byte) string {
	trimmed := bytes.TrimSpace(body)
	switch {
	case len(trimmed) == 0:
		return "an empty body"
	case looksLikeHTML(contentType, trimmed):
		return kindHTML
	case json.Valid(trimmed):
		return "a JSON document that holds no error details"
	default:
		if contentType == "" {
			contentType = "no content type"
		}
		return fmt.Sprintf("%d bytes that are not JSON (%s)", len(body), contentType)
	}
}

// looksLikeHTML reports whether a body is an HTML (or XML) page rather than
// JSON, from its first byte or its declared type.
func looksLikeHTML(contentType string, trimmed []byte) bool {
	if len(trimmed) > 0 && trimmed[0] == '<' {
		return true
	}
	ct := strings.ToLower(contentType)
	return strings.Contains(ct, "text/html") || strings.Contains(ct, "application/xhtml")
}
