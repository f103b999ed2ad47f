package provider

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// A gradebook collection the server lacks is probed because of
// grades_enabled, not topics (which refuses gradebook names): its warning
// points at grades_enabled, while a rostering topic's points at topics.
func TestUnsupportedTopicAdvicePointsAtWhatProbesIt(t *testing.T) {
	sb, err := sandbox.Start(sandbox.Options{Quirks: sandbox.Quirks{Unsupported: map[string]int{"categories": 404, "demographics": 501}}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sb.Close() })
	client, err := oneroster.New(oneroster.Config{
		BaseURL: sb.BaseURL, MaxRetries: oneroster.NoRetries,
		Auth: &oneroster.OAuth2ClientCredentials{ClientID: sandbox.ClientID, ClientSecret: sandbox.ClientSecret, TokenURL: sb.TokenURL},
	})
	if err != nil {
		t.Fatal(err)
	}
	_, diags := probeConnection(context.Background(), "springfield", client, []string{"orgs", "demographics", "categories", "lineItems"}, nil, pathSearch{})
	if diags.HasError() {
		t.Fatalf("errors: %v", diags)
	}
	advice := map[string]string{}
	for _, d := range diags {
		for _, topic := range []string{"demographics", "categories"} {
			if strings.Contains(d.Summary(), topic) {
				advice[topic] = d.Detail()
			}
		}
	}
	if got := advice["categories"]; !strings.Contains(got, "set grades_enabled = false") || strings.Contains(got, "from topics") {
		t.Errorf("categories warning: %q; want it to point at grades_enabled, not topics", got)
	}
	if got := advice["demographics"]; !strings.Contains(got, `remove "demographics" from topics`) {
		t.Errorf("demographics warning: %q; want it to point at topics", got)
	}
}

// A refused write whose answer names nothing is not told to "correct the
// value it names".
func TestRefusedWriteAdviceWhenTheServerNamesNoValue(t *testing.T) {
	for _, tc := range []struct {
		description, want, not string
	}{
		{"resultValueMax must be greater than resultValueMin", "Correct the value it names", "named no value"},
		{"", "The server named no value", "Correct the value it names"},
	} {
		err := &oneroster.Error{Method: "PUT", URL: "https://sis.example/lineItems/li1", StatusCode: 400, CodeMajor: "failure", Description: tc.description}
		_, detail := describeWriteError(context.Background(), "create", time.Minute, "line item", oneroster.LineItems.Info, oneroster.OpPut, err)
		if !strings.Contains(detail, tc.want) || strings.Contains(detail, tc.not) {
			t.Errorf("description %q: detail %q; want %q and not %q", tc.description, detail, tc.want, tc.not)
		}
	}
}
