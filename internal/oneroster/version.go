package oneroster

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// Version1p2 is OneRoster 1.2, whose three services (rostering, gradebook,
// resources) CatalogV1p2 describes.
const Version1p2 Version = "v1p2"

// Title is the version as people write it: "1.1", "1.2".
func (v Version) Title() string {
	switch v {
	case Version1p1:
		return "1.1"
	case Version1p2:
		return "1.2"
	}
	return string(v)
}

// ParseVersion reads a version as people write it ("1.1", "1.2") or as
// URLs do ("v1p1", "v1p2"); "" is no choice.
func ParseVersion(s string) (Version, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "":
		return "", nil
	case "1.1", "v1p1":
		return Version1p1, nil
	case "1.2", "v1p2":
		return Version1p2, nil
	}
	return "", fmt.Errorf("%q is not a OneRoster version this client speaks: use \"1.1\" or \"1.2\"", s)
}

// DefaultVersion is the version of a base URL that shows none, with no
// explicit choice: vendors' custom paths (…/api/oneroster) are
// overwhelmingly 1.1 services, and 1.2 vendors publish the binding's own
// /ims/oneroster/rostering/v1p2 path, which is recognised.
const DefaultVersion = Version1p1

// URLVersion tells the version a base URL's path shows: a path ending in
// /v1p1 is 1.1, one ending in /v1p2 (the binding's
// /ims/oneroster/rostering/v1p2, or a vendor's own …/v1p2) is 1.2; ""
// when it shows neither. Reading a 1.2 server as 1.1 would not fail, it
// would read users without role or orgs, so a /v1p2 is never taken for
// 1.1. It does not check the URL otherwise.
func URLVersion(raw string) Version {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return ""
	}
	segs := versionSegments(u)
	switch segs[len(segs)-1] {
	case "v1p1":
		return Version1p1
	case "v1p2":
		return Version1p2
	}
	return ""
}

// versionSegments are the segments of u's path as they are sent (escaped,
// so that a %2F stays inside its segment), in lower case and without
// their ;parameters (a servlet's ;jsessionid=…), for reading the version
// and service a base URL shows: /rostering/V1P2 is still 1.2. A trailing
// slash is ignored; there is always one segment, maybe empty.
func versionSegments(u *url.URL) []string {
	segs := strings.Split(strings.Trim(u.EscapedPath(), "/"), "/")
	for i, seg := range segs {
		seg, _, _ = strings.Cut(seg, ";")
		segs[i] = strings.ToLower(seg)
	}
	return segs
}

// oneRoster1p2Service is the service segment (rostering, gradebook,
// resources) of a path ending the 1.2 binding's way, …/{service}/v1p2;
// "" for any other path.
func oneRoster1p2Service(u *url.URL) string {
	segs := versionSegments(u)
	if n := len(segs); n >= 2 && segs[n-1] == "v1p2" {
		return segs[n-2]
	}
	return ""
}

// ResolveVersion is the version a client speaks for a base URL and an
// explicit choice ("" for none): the explicit one, which the URL must not
// contradict, else the URL's, else DefaultVersion. explicitSetting names
// the caller's setting, for the error.
func ResolveVersion(baseURL string, explicit Version, explicitSetting string) (Version, error) {
	shown := URLVersion(baseURL)
	switch {
	case explicit != "" && shown != "" && explicit != shown:
		return "", fmt.Errorf("%s is %q, but the base URL %s is a OneRoster %s service: "+
			"give the vendor's OneRoster %s base URL, or set %s to %q (or remove it)",
			explicitSetting, explicit.Title(), strconv.Quote(DisplayURL(baseURL)), shown.Title(),
			explicit.Title(), explicitSetting, shown.Title())
	case explicit != "":
		return explicit, nil
	case shown != "":
		return shown, nil
	}
	return DefaultVersion, nil
}

// Catalogs are the catalogs of every version this client speaks, the
// oldest first: for what is said before a version is known (every route
// a data source may offer, every topic a connection may probe).
func Catalogs() []*Catalog { return []*Catalog{CatalogV1p1, CatalogV1p2} }

// CatalogOf is the catalog of version v; nil for a version without one.
func CatalogOf(v Version) *Catalog {
	switch v {
	case Version1p1:
		return CatalogV1p1
	case Version1p2:
		return CatalogV1p2
	}
	return nil
}

// isOneRoster1p2OtherService tells a 1.2 gradebook or resources service
// path, which is not a base URL: the 1.2 services are reached from the
// rostering one's.
func isOneRoster1p2OtherService(u *url.URL) bool {
	service := oneRoster1p2Service(u)
	return service == ServiceGradebook.Segment() || service == ServiceResources.Segment()
}

// ServiceBaseURL is the base URL of service s for a client given the
// rostering base URL base and speaking version v: a 1.2 base URL ending in
// /rostering/v1p2 (in any case, with any ;parameters) has its service
// segment swapped (…/gradebook/v1p2, …/resources/v1p2), as the 1.2
// binding publishes the three services side by side; any other base URL (all of 1.1, and 1.2 on a vendor's own path)
// is taken to serve every service itself. Vendors that host a service
// elsewhere are given its URL explicitly (Config.GradebookBaseURL,
// Config.ResourcesBaseURL).
func ServiceBaseURL(base string, v Version, s Service) string {
	base = strings.TrimRight(strings.TrimSpace(base), "/")
	if v != Version1p2 || s == ServiceRostering {
		return base
	}
	u, err := url.Parse(base)
	if err != nil || oneRoster1p2Service(u) != ServiceRostering.Segment() {
		return base
	}
	// The swap works on the escaped path: a %2F elsewhere in it must stay
	// one, not become a '/' the server would read as a separator.
	parts := strings.Split(strings.TrimRight(u.EscapedPath(), "/"), "/")
	_, params, hasParams := strings.Cut(parts[len(parts)-2], ";")
	parts[len(parts)-2] = s.Segment()
	if hasParams {
		parts[len(parts)-2] += ";" + params
	}
	escaped := strings.Join(parts, "/")
	unescaped, err := url.PathUnescape(escaped)
	if err != nil {
		return base
	}
	u.Path, u.RawPath = unescaped, escaped
	return u.String()
}
