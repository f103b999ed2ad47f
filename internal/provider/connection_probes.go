package provider

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
)

// The collections oneroster_connection probes come from the client's
// catalogs: topics are named as the API names its collections, and each
// version's catalog says which it has, under which scopes.

// defaultRosterTopics are probed unless topics is set: the rostering
// collections a district integration normally needs (the same in every
// version).
func defaultRosterTopics() []string {
	return oneroster.CatalogV1p1.Names(oneroster.GroupRostering, true)
}

// rosterTopicNames are the rostering collections topics may name, in any
// version.
func rosterTopicNames() []string {
	return namesInAnyVersion(oneroster.GroupRostering)
}

// gradebookTopics are probed when grades_enabled is set: the gradebook
// collections of the version the client speaks (1.2 adds score scales and
// assessments).
func gradebookTopics(cat *oneroster.Catalog) []string {
	return cat.Names(oneroster.GroupGradebook, false)
}

// namesInAnyVersion lists the collections of group in any catalog, in
// catalog order, the oldest version's first.
func namesInAnyVersion(group oneroster.Group) []string {
	var out []string
	for _, cat := range oneroster.Catalogs() {
		for _, name := range cat.Names(group, false) {
			if !slices.Contains(out, name) {
				out = append(out, name)
			}
		}
	}
	return out
}

// gradebookTopicsDescription says which topics grades_enabled probes, per
// version.
func gradebookTopicsDescription() string {
	v11 := gradebookTopics(oneroster.CatalogV1p1)
	var added []string
	for _, name := range gradebookTopics(oneroster.CatalogV1p2) {
		if !slices.Contains(v11, name) {
			added = append(added, name)
		}
	}
	return "`" + strings.Join(v11, "`, `") + "`, and on OneRoster 1.2 also `" + strings.Join(added, "`, `") + "`"
}

// writeScope is an OAuth 2 scope the gradebook resources write with, and
// the collections that need it.
type writeScope struct {
	scope       string
	collections []string
}

// gradebookWriteScopes are the scopes the gradebook resources write with
// (PUT, 1.2's bulk POST, DELETE) on the catalog's version, in catalog
// order.
func gradebookWriteScopes(cat *oneroster.Catalog) []writeScope {
	var out []writeScope
	for _, name := range gradebookTopics(cat) {
		info, _ := cat.Lookup(name)
		for _, op := range []oneroster.Operation{oneroster.OpPut, oneroster.OpPost, oneroster.OpDelete} {
			s := info.ScopeFor(op, nil)
			if !info.Has(op) || s == "" {
				continue
			}
			i := slices.IndexFunc(out, func(w writeScope) bool { return w.scope == s })
			if i < 0 {
				out = append(out, writeScope{scope: s})
				i = len(out) - 1
			}
			if !slices.Contains(out[i].collections, name) {
				out[i].collections = append(out[i].collections, name)
			}
		}
	}
	return out
}

// oneRosterPaths are the binding's base paths, per version: a base URL
// the district gives ends in one of them (vendors may prefix it).
var oneRosterPaths = []struct {
	version oneroster.Version
	path    string
}{
	{oneroster.Version1p1, "/ims/oneroster/v1p1"},
	{oneroster.Version1p2, "/ims/oneroster/rostering/v1p2"},
}

// oneRosterPathPrefix is what every version's path starts with.
const oneRosterPathPrefix = "/ims/oneroster"

// lacksOneRosterPath tells a base URL whose path ends in no OneRoster
// version (…/v1p1, …/v1p2): most often the server's root, the OneRoster
// path left out, at which every collection answers 404.
func lacksOneRosterPath(baseURL string) bool {
	u, err := url.Parse(strings.TrimSpace(baseURL))
	return err == nil && u.Host != "" && oneroster.URLVersion(baseURL) == ""
}

// oneRosterPathCandidate is a base URL with the binding's path added.
type oneRosterPathCandidate struct {
	version oneroster.Version
	baseURL string
}

// oneRosterPathCandidates are the base URLs baseURL (which lacks the
// OneRoster path) likely meant: with each version's path added, only
// the explicit version's when there is one. A base URL that already ends
// in /ims/oneroster gets the rest.
func oneRosterPathCandidates(baseURL string, explicit oneroster.Version) []oneRosterPathCandidate {
	u, err := url.Parse(strings.TrimSpace(baseURL))
	if err != nil {
		return nil
	}
	base := strings.TrimRight(u.Path, "/")
	var out []oneRosterPathCandidate
	for _, p := range oneRosterPaths {
		if explicit != "" && explicit != p.version {
			continue
		}
		add := p.path
		if strings.HasSuffix(strings.ToLower(base), oneRosterPathPrefix) {
			add = strings.TrimPrefix(p.path, oneRosterPathPrefix)
		}
		c := *u
		c.RawQuery, c.Fragment = "", ""
		out = append(out, oneRosterPathCandidate{version: p.version, baseURL: c.JoinPath(add).String()})
	}
	return out
}

// missingPathHint says, for a base URL that lacks the OneRoster path,
// what is likely wrong: the base URLs it likely meant, or answered, a
// candidate that a probe found answering ("" when none was probed or none
// answered). "" for a base URL that shows a OneRoster version.
func missingPathHint(baseURL, answered string) string {
	if !lacksOneRosterPath(baseURL) {
		return ""
	}
	hint := fmt.Sprintf("\n\nThe base URL %s lacks the OneRoster path: a OneRoster base URL ends in %s (OneRoster 1.1) or %s (1.2). ",
		oneroster.DisplayURL(baseURL), oneRosterPaths[0].path, oneRosterPaths[1].path)
	if answered != "" {
		return hint + fmt.Sprintf("%s answers: set base_url to it.", oneroster.DisplayURL(answered))
	}
	var meant []string
	for _, c := range oneRosterPathCandidates(baseURL, "") {
		meant = append(meant, oneroster.DisplayURL(c.baseURL))
	}
	return hint + fmt.Sprintf("Set base_url to the server's, most likely %s.", strings.Join(meant, " or "))
}

// candidateClient makes a client for a candidate base URL, with the
// connection's credentials and settings.
type candidateClient func(baseURL string, v oneroster.Version) (*oneroster.Client, error)

// answeringCandidate probes, with one GET of topic, the base URLs that a
// base URL lacking the OneRoster path likely meant, and returns the first
// that answers (a 403 is an answer too: the collection is there, the scope
// is not); "" when none does.
func answeringCandidate(ctx context.Context, baseURL string, explicit oneroster.Version, topic string, newClient candidateClient) string {
	for _, c := range oneRosterPathCandidates(baseURL, explicit) {
		if candidateAnswers(ctx, c.baseURL, c.version, topic, newClient) {
			return c.baseURL
		}
	}
	return ""
}

// candidateAnswers reports whether a client of baseURL and version gets
// an answer for topic. The client's connections are closed when it
// returns: a plan of many connections makes many such clients.
func candidateAnswers(ctx context.Context, baseURL string, version oneroster.Version, topic string, newClient candidateClient) bool {
	client, err := newClient(baseURL, version)
	if err != nil {
		return false
	}
	defer client.CloseIdleConnections()
	collection, known := client.Catalog().Lookup(topic)
	if !known {
		return false
	}
	_, err = collection.Probe(ctx, client)
	return err == nil || oneroster.IsForbidden(err)
}

// topicCheck validates one entry of topics: an unknown name gets the
// closest topic, and a gradebook collection points to grades_enabled.
var topicCheck = stringCheck{
	description: "a rostering topic",
	summary:     "Unknown topic",
	problem: func(p path.Path, value string) string {
		topics := rosterTopicNames()
		if slices.Contains(topics, value) {
			return ""
		}
		allowed := "Allowed: " + strings.Join(topics, ", ") + "."
		for _, name := range namesInAnyVersion(oneroster.GroupGradebook) {
			if foldTopic(name) == foldTopic(value) {
				return fmt.Sprintf("%s names %q, a gradebook collection: topics lists rostering topics only. "+
					"Set grades_enabled = true to probe the gradebook (%s), and remove %q from topics. %s",
					p, value, strings.Join(namesInAnyVersion(oneroster.GroupGradebook), ", "), value, allowed)
			}
		}
		if best := closestTopic(value, topics); best != "" {
			return fmt.Sprintf("%s names %q, which is not a topic: did you mean %q? %s", p, value, best, allowed)
		}
		return fmt.Sprintf("%s names %q, which is not a topic. %s", p, value, allowed)
	},
}

// foldTopic is name without case, underscores or hyphens, so that
// line_items and LineItems compare equal to lineItems.
func foldTopic(name string) string {
	return strings.ToLower(strings.NewReplacer("_", "", "-", "", " ", "").Replace(name))
}

// closestTopic is the topic nearest to value by edit distance (after
// foldTopic), or "" when none is near enough to be a likely typo.
func closestTopic(value string, topics []string) string {
	best, bestDistance := "", 0
	for _, t := range topics {
		d := editDistance(foldTopic(value), foldTopic(t))
		if best == "" || d < bestDistance {
			best, bestDistance = t, d
		}
	}
	if bestDistance > max(2, len(value)/3) {
		return ""
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, in bytes
// (topic names are ASCII).
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
