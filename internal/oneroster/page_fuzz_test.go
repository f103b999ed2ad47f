package oneroster

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
)

// Whatever a server sends as a page, decoding it never panics; when it
// succeeds, every record has its sourcedId noted and encodes back to JSON
// (so it can reach Terraform), and a failure is a plain error.
func FuzzDecodePage(f *testing.F) {
	f.Add([]byte(`{"users":[{"sourcedId":"u1","enabledUser":"true","grades":"09"},{"sourcedId":"u2","orgs":[{"sourcedId":"s1"}]}]}`))
	f.Add([]byte(`{"users":null,"statusInfoSet":[]}`))
	f.Add([]byte(`{"orgs":[]}`))
	f.Add([]byte(`{"users":[{"sourcedId":"u1"},{"sourcedId":`))
	f.Add([]byte(` <html><body>login</body></html>`))
	f.Add([]byte(`{"users":{"sourcedId":"u1"}}`))
	f.Add([]byte(`{"users":[{"sourcedId":"u1","enabledUser":"maybe"}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var page pageBuffer[model.User]
		resp := &http.Response{StatusCode: http.StatusOK, Header: http.Header{"Content-Type": {"application/json"}}, Body: io.NopCloser(bytes.NewReader(body))}
		if err := page.read(resp, "users"); err != nil {
			if err.Error() == "" {
				t.Fatal("an error without a message")
			}
			return
		}
		if len(page.ids) != len(page.records) {
			t.Fatalf("%d records but %d ids", len(page.records), len(page.ids))
		}
		for i, r := range page.records {
			if page.ids[i] != r.SourcedID {
				t.Errorf("record %d: id %q, sourcedId %q", i, page.ids[i], r.SourcedID)
			}
			if _, err := json.Marshal(r); err != nil {
				t.Errorf("record %d cannot be encoded: %v", i, err)
			}
		}
	})
}
