package oneroster_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"testing"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox/oauthcheck"
)

// The sandbox's verifier is written from RFC 5849 without the library the
// client uses, so agreement here is independent evidence that the
// signatures are right.
func TestOAuth1AcceptedByRFCVerifier(t *testing.T) {
	checker := oauthcheck.New(oauthcheck.Config{
		Consumers: []oauthcheck.Consumer{{Key: "district-app", Secret: "p@ss w0rd&more"}},
	})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, f := checker.Authenticate(r); f != nil {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(f.Status)
			_, _ = w.Write([]byte(`{"imsx_codeMajor":"failure","imsx_severity":"error","imsx_description":"` + f.Reason + `"}`))
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"users":[{"sourcedId":"u1","username":"mary","givenName":"Mary Ann","familyName":"Smith","role":"student"}]}`))
	}))
	defer srv.Close()

	for _, method := range []oneroster.SignatureMethod{oneroster.HMACSHA256, oneroster.HMACSHA1} {
		t.Run(string(method), func(t *testing.T) {
			c, err := oneroster.New(oneroster.Config{
				BaseURL: srv.URL + "/ims/oneroster/v1p1",
				Auth:    &oneroster.OAuth1{ConsumerKey: "district-app", ConsumerSecret: "p@ss w0rd&more", SignatureMethod: method},
			})
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			// A filter with spaces and quotes, sort and fields: every query
			// parameter must be in the base string.
			opts := oneroster.ListOptions{
				Filter:  "givenName='Mary Ann' AND role='student'",
				Sort:    "familyName",
				OrderBy: "asc",
				Fields:  []string{"sourcedId", "givenName"},
			}
			n := 0
			for u, err := range oneroster.List[model.User](ctx, c, "/students", "users", opts) {
				if err != nil {
					t.Fatalf("List: %v", err)
				}
				if u.GivenName != "Mary Ann" {
					t.Errorf("GivenName = %q", u.GivenName)
				}
				n++
				break
			}
			if n != 1 {
				t.Fatalf("read %d users, want 1", n)
			}
			// A repeated query key, and a path segment that needs escaping.
			if _, err := c.Get(ctx, oneroster.ObjectPath("users", "id with space"), url.Values{"x": {"2", "1"}}, nil); err != nil {
				t.Fatalf("Get: %v", err)
			}
			// A wrong secret must be refused by the same verifier, or the
			// test above proves nothing.
			bad, _ := oneroster.New(oneroster.Config{
				BaseURL:    srv.URL + "/ims/oneroster/v1p1",
				Auth:       &oneroster.OAuth1{ConsumerKey: "district-app", ConsumerSecret: "wrong", SignatureMethod: method},
				MaxRetries: oneroster.NoRetries,
			})
			if _, err := bad.Probe(ctx, "/orgs"); !oneroster.IsUnauthorized(err) {
				t.Fatalf("wrong secret: got %v, want a 401", err)
			}
		})
	}
}

// The client's catalog and the sandbox's verifier name the same scopes,
// each written from the specification on its own.
func TestCatalogScopesAreTheSandboxScopes(t *testing.T) {
	sandbox := oauthcheck.AllScopes()
	slices.Sort(sandbox)
	if got := oneroster.CatalogV1p1.Scopes(); !slices.Equal(got, sandbox) {
		t.Errorf("catalog scopes %v, sandbox scopes %v", got, sandbox)
	}
}
