package provider

import (
	"net/http"
	"strings"
	"testing"

	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
)

// A create stopped by a refused read never advises applying again: a 401
// or 403 answers the same way next time. Other failures may pass.
func TestNothingWrittenAdvisesNoRetryForRefusals(t *testing.T) {
	for status, retry := range map[int]bool{
		http.StatusForbidden: false, http.StatusUnauthorized: false,
		http.StatusServiceUnavailable: true, http.StatusInternalServerError: true,
	} {
		got := nothingWritten(&oneroster.Error{Method: "GET", URL: "https://sis.example.org/lineItems/x", StatusCode: status})
		if strings.Contains(got, "Apply again") != retry {
			t.Errorf("%d: %q", status, got)
		}
	}
}
