package provider

import "testing"

// A token URL is refused as "inside the API" only when it is the base URL
// or below it on the same server; a sibling path, another host or another
// port is a token endpoint like any other.
func TestURLIsAtOrUnder(t *testing.T) {
	base := "https://sis.example.org/ims/oneroster/v1p1"
	for raw, want := range map[string]bool{
		"https://sis.example.org/ims/oneroster/v1p1":                  true,
		"https://SIS.example.org:443/ims/oneroster/v1p1/":             true,
		"https://sis.example.org/ims/oneroster/v1p1/oauth2/token?x=1": true,
		"https://sis.example.org/ims/oneroster/v1p1x/token":           false,
		"https://sis.example.org/oauth2/token":                        false,
		"https://sis.example.org:8443/ims/oneroster/v1p1/token":       false,
		"https://auth.example.org/ims/oneroster/v1p1/token":           false,
		"http://sis.example.org/ims/oneroster/v1p1/token":             false,
	} {
		if got := urlIsAtOrUnder(raw, base); got != want {
			t.Errorf("urlIsAtOrUnder(%q) = %v, want %v", raw, got, want)
		}
	}
	// A base URL on the server's root (one that lacks the OneRoster path)
	// holds every path: the token endpoint is not "inside the API" there.
	for _, root := range []string{"https://sis.example.org", "https://sis.example.org/"} {
		if urlIsAtOrUnder("https://sis.example.org/oauth2/token", root) {
			t.Errorf("a token URL counts as under the root base URL %q", root)
		}
	}
}
