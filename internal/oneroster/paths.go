package oneroster

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// ErrDotSegmentID is wrapped by the error of a request whose path would
// carry a sourcedId that reads as a dot segment; see CheckSourcedID.
var ErrDotSegmentID = errors.New(`a sourcedId of "." or ".." (or one with such a part between slashes) cannot be sent in a URL path`)

// CheckSourcedID reports whether id can be placed in a request path. The
// ids "." and "..", and ids with such a part between slashes ("a/../b"),
// cannot: servers and proxies that normalise paths before routing (nginx
// does) resolve them as dot segments, so "/classes/../students" reaches
// /students, the whole district. Escaping does not help: RFC 3986 §2.3
// makes "%2E" the same as ".", and nginx decodes %2E and %2F before it
// resolves dot segments. The request is refused instead.
//
// Every request path goes through the same rule (Client.resolve), so
// callers only need CheckSourcedID to report a bad id early, against
// their own name for it.
func CheckSourcedID(id string) error {
	for _, part := range strings.FieldsFunc(id, func(r rune) bool { return r == '/' || r == '\\' }) {
		if part == "." || part == ".." {
			return fmt.Errorf("sourcedId %q: %w; servers that normalise paths would resolve it and reach another endpoint", id, ErrDotSegmentID)
		}
	}
	return nil
}

// ObjectPath returns the path of one record, "/"+collection+"/"+sourcedID,
// with the sourcedId escaped as one path segment. A sourcedId that
// CheckSourcedID refuses gives a path that the client refuses to request.
func ObjectPath(collection, sourcedID string) string {
	return "/" + strings.Trim(collection, "/") + "/" + url.PathEscape(sourcedID)
}

// ExpandPath fills the {name} placeholders of template with ids[name],
// each escaped as one path segment: "/classes/{class}/students" with
// class "c 1" gives "/classes/c%201/students".
func ExpandPath(template string, ids map[string]string) string {
	p := template
	for name, id := range ids {
		p = strings.ReplaceAll(p, "{"+name+"}", url.PathEscape(id))
	}
	return p
}

// checkRequestPath refuses an escaped relative request path with a
// segment that CheckSourcedID refuses once unescaped: the last guard, for
// ids that came from a server's answer or from a caller that did not
// check them.
func checkRequestPath(escapedPath string) error {
	for _, seg := range strings.Split(escapedPath, "/") {
		id, err := url.PathUnescape(seg)
		if err != nil {
			continue // resolve reports malformed escapes
		}
		if err := CheckSourcedID(id); err != nil {
			return err
		}
	}
	return nil
}
