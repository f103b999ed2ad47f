package sandbox

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"sync/atomic"

	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox/oauthcheck"
)

// imsx_codeMinor values the sandbox answers with.
const (
	minorUnknownObject        = "unknownobject"
	minorInvalidFilterField   = "invalid_filter_field"
	minorInvalidSelection     = "invalid_selection_field"
	minorInvalidSortField     = "invalid_sort_field"
	minorUnauthorisedRequest  = "unauthorisedrequest"
	minorForbidden            = "forbidden"
	minorServerBusy           = "server_busy"
	minorInvalidData          = "invaliddata"
	minorUnsupportedOperation = "unsupportedoperation"
	minorInternal             = "internal_server_error"
)

// apiError is an error answer: an HTTP status and an imsx_StatusInfo.
type apiError struct {
	status      int
	codeMajor   string // default "failure"
	codeMinor   string
	field       string // imsx_codeMinorFieldName; default "TargetEndSystem"
	description string
}

func (e *apiError) Error() string { return e.description }

// badRequest is a 400 about a query parameter or body field.
func badRequest(minor, field, description string) *apiError {
	return &apiError{status: http.StatusBadRequest, codeMinor: minor, field: field, description: description}
}

// invalidData is a 422 about a request body field.
func invalidData(field, description string) *apiError {
	return &apiError{status: http.StatusUnprocessableEntity, codeMinor: minorInvalidData, field: field, description: description}
}

// notFound is a 404 for an unknown record.
func notFound(description string) *apiError {
	return &apiError{status: http.StatusNotFound, codeMinor: minorUnknownObject, field: "sourcedId", description: description}
}

// statusInfo is the binding's imsx_StatusInfo.
type statusInfo struct {
	CodeMajor  string     `json:"imsx_codeMajor"`
	Severity   string     `json:"imsx_severity"`
	MessageRef string     `json:"imsx_messageRefIdentifier"`
	Descr      string     `json:"imsx_description"`
	CodeMinor  *codeMinor `json:"imsx_CodeMinor,omitempty"`
}

type codeMinor struct {
	Fields []codeMinorField `json:"imsx_codeMinorField"`
}

type codeMinorField struct {
	Name  string `json:"imsx_codeMinorFieldName"`
	Value string `json:"imsx_codeMinorFieldValue"`
}

// flatStatusInfo is the shape of servers that send imsx_codeMinor as a
// plain string.
type flatStatusInfo struct {
	CodeMajor  string `json:"imsx_codeMajor"`
	Severity   string `json:"imsx_severity"`
	MessageRef string `json:"imsx_messageRefIdentifier"`
	Descr      string `json:"imsx_description"`
	CodeMinor  string `json:"imsx_codeMinor"`
}

// messageRefs numbers error messages (imsx_messageRefIdentifier).
var messageRefs atomic.Int64

// errorBody encodes e in the given ErrorShape.
func errorBody(e apiError, shape string) []byte {
	major := e.codeMajor
	if major == "" {
		major = "failure"
	}
	field := e.field
	if field == "" {
		field = "TargetEndSystem"
	}
	ref := strconv.FormatInt(messageRefs.Add(1), 10)
	var v any
	switch shape {
	case ErrorShapeFlat:
		v = flatStatusInfo{CodeMajor: major, Severity: "error", MessageRef: ref, Descr: e.description, CodeMinor: e.codeMinor}
	default:
		info := statusInfo{
			CodeMajor: major, Severity: "error", MessageRef: ref, Descr: e.description,
			CodeMinor: &codeMinor{Fields: []codeMinorField{{Name: field, Value: e.codeMinor}}},
		}
		if shape == ErrorShapeSet {
			v = map[string][]statusInfo{"statusInfoSet": {info}}
		} else {
			v = info
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil { // cannot happen: plain strings only
		return []byte(`{"imsx_codeMajor":"failure","imsx_severity":"error"}`)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// writeError answers e in the current error shape.
func (s *Server) writeError(w http.ResponseWriter, q Quirks, e apiError) {
	body := errorBody(e, q.ErrorShape)
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(e.status)
	_, _ = w.Write(body)
}

// writeAuthFailure answers an oauthcheck failure with its status, reason
// and challenge.
func (s *Server) writeAuthFailure(w http.ResponseWriter, q Quirks, f *oauthcheck.Failure) {
	status := f.Status
	if status == 0 {
		status = http.StatusUnauthorized
	}
	minor := minorUnauthorisedRequest
	switch status {
	case http.StatusBadRequest:
		minor = minorInvalidData
	case http.StatusForbidden:
		minor = minorForbidden
	}
	if f.WWWAuthenticate != "" {
		w.Header().Set("WWW-Authenticate", f.WWWAuthenticate)
	}
	s.writeError(w, q, apiError{status: status, codeMinor: minor, field: "Authorization", description: f.Reason})
}

// writeUnsupported answers a topic the Unsupported quirk switched off.
func (s *Server) writeUnsupported(w http.ResponseWriter, q Quirks, status int, topic string) {
	e := apiError{status: status, codeMinor: minorUnsupportedOperation, description: "this server does not support " + topic}
	switch status {
	case http.StatusNotFound:
		e.codeMinor = minorUnknownObject
	case http.StatusNotImplemented:
		e.codeMajor = "unsupported"
	}
	s.writeError(w, q, e)
}
