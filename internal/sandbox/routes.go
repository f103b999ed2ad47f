package sandbox

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox/oauthcheck"
)

// scopeRule lists the scopes of which a request needs any one.
type scopeRule []string

var (
	scopeCore         = scopeRule{oauthcheck.ScopeRosterCore, oauthcheck.ScopeRoster}
	scopeRoster       = scopeRule{oauthcheck.ScopeRoster}
	scopeDemographics = scopeRule{oauthcheck.ScopeDemographics}
	scopeResource     = scopeRule{oauthcheck.ScopeResource}
	scopeGradebook    = scopeRule{oauthcheck.ScopeGradebookRead}
	scopeGradebookPut = scopeRule{oauthcheck.ScopeGradebookWrite}
	scopeGradebookDel = scopeRule{oauthcheck.ScopeGradebookDelete}

	// OneRoster 1.2's gradebook and resources services, each operation
	// with the scopes its binding's security lists: the core scopes reach
	// the top-level collections only.
	scopeV1p2GradebookCore = scopeRule{oauthcheck.ScopeV1p2GradebookRead, oauthcheck.ScopeV1p2GradebookCore}
	scopeV1p2Gradebook     = scopeRule{oauthcheck.ScopeV1p2GradebookRead}
	scopeV1p2GradebookPut  = scopeRule{oauthcheck.ScopeV1p2GradebookPut}
	scopeV1p2GradebookPost = scopeRule{oauthcheck.ScopeV1p2GradebookPost}
	scopeV1p2GradebookDel  = scopeRule{oauthcheck.ScopeV1p2GradebookDelete}
	scopeV1p2Assessment    = scopeRule{oauthcheck.ScopeV1p2AssessmentRead}
	scopeV1p2AssessmentPut = scopeRule{oauthcheck.ScopeV1p2AssessmentPut}
	scopeV1p2AssessmentDel = scopeRule{oauthcheck.ScopeV1p2AssessmentDel}
	scopeV1p2ResourceCore  = scopeRule{oauthcheck.ScopeV1p2Resource, oauthcheck.ScopeV1p2ResourceCore}
	scopeV1p2Resource      = scopeRule{oauthcheck.ScopeV1p2Resource}
)

func (s scopeRule) allows(g oauthcheck.Grant) bool {
	return slices.ContainsFunc(s, g.Has)
}

func (s scopeRule) describe() string {
	if len(s) == 1 {
		return "the scope " + s[0]
	}
	return "any of the scopes " + strings.Join(s, " or ")
}

// call is one API request being answered, with the quirks in force when
// it arrived and the sourcedIds its path carries.
type call struct {
	s   *Server
	w   http.ResponseWriter
	r   *http.Request
	q   Quirks
	ids []string
	// version is the binding the request came in under (v1p1, v1p2),
	// which decides the fields of the records answered and the checks
	// of the records written.
	version string
	api     *api // the service the request came in under
}

func (c *call) fail(e *apiError) { c.s.writeError(c.w, c.q, *e) }

func (c *call) writeJSON(status int, body []byte) {
	h := c.w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	c.w.WriteHeader(status)
	_, _ = c.w.Write(body)
}

func (c *call) scheme() string {
	if c.r.TLS != nil {
		return "https"
	}
	return "http"
}

func (c *call) encoder(selected []bool) *encoder {
	return newEncoder(c.q, c.scheme(), c.r.Host, selected, c.version)
}

// list answers a page of items (sorted by sourcedId) after the request's
// filter, sort and field selection, with the paging headers.
func (c *call) list(t *topic, items []record) {
	lq, err := parseListQuery(c.r.URL.Query(), t.shapes[c.version], t.noun, c.q.MaxLimit)
	if err == nil {
		err = c.q.refusedFilter(t.name, lq.filter)
	}
	if err != nil {
		c.fail(err)
		return
	}
	items = lq.apply(items)
	total := len(items)
	limit := lq.limit
	if limitCap := c.q.LimitCap; limitCap > 0 && limit > limitCap {
		limit = limitCap
	}
	start := min(lq.offset, total)
	if c.q.CursorPaging || c.q.BodyPaging {
		cursor, _ := strconv.Atoi(c.r.URL.Query().Get("cursor"))
		start = min(max(cursor, 0), total)
	}
	end := total
	if limit < total-start {
		end = start + limit
	}
	h := c.w.Header()
	if !c.q.NoTotalCount {
		h.Set("X-Total-Count", strconv.Itoa(total))
	}
	switch {
	case c.q.NoLinkHeader, c.q.BodyPaging:
	case c.q.CursorPaging:
		if end < total {
			h.Set("Link", c.cursorLink(end))
		}
	default:
		h.Set("Link", c.links(lq.offset, limit, total))
	}
	page := c.encoder(lq.fields).collection(t.many, t.shape, items[start:end])
	if c.q.BodyPaging {
		page = c.bodyNextPage(page, end, total)
	}
	c.writeJSON(http.StatusOK, page)
}

// links builds the RFC 8288 Link header of a page: absolute URLs that keep
// the request's other query parameters as the client encoded them.
func (c *call) links(offset, limit, total int) string {
	base := c.scheme() + "://" + c.r.Host + c.r.URL.EscapedPath() + "?"
	for _, pair := range strings.Split(c.r.URL.RawQuery, "&") {
		name, _, _ := strings.Cut(pair, "=")
		if pair == "" || name == "limit" || name == "offset" {
			continue
		}
		base += pair + "&"
	}
	base += "limit=" + strconv.Itoa(limit) + "&offset="
	link := func(off int, rel string) string {
		return "<" + base + strconv.Itoa(off) + `>; rel="` + rel + `"`
	}
	last := 0
	if total > 0 {
		last = (total - 1) / limit * limit
	}
	parts := []string{link(0, "first")}
	if offset > 0 {
		parts = append(parts, link(max(0, min(offset-limit, last)), "prev"))
	}
	if offset < total-limit {
		parts = append(parts, link(offset+limit, "next"))
	}
	parts = append(parts, link(last, "last"))
	return strings.Join(parts, ", ")
}

// cursorLink is the next link of the CursorPaging quirk: the request's
// query without offset and cursor, and cursor=next.
func (c *call) cursorLink(next int) string {
	link := c.scheme() + "://" + c.r.Host + c.r.URL.EscapedPath() + "?"
	for _, pair := range strings.Split(c.r.URL.RawQuery, "&") {
		name, _, _ := strings.Cut(pair, "=")
		if pair == "" || name == "offset" || name == "cursor" {
			continue
		}
		link += pair + "&"
	}
	return "<" + link + "cursor=" + strconv.Itoa(next) + `>; rel="next"`
}

// single answers one record, or 404 when rec is nil.
func (c *call) single(t *topic, rec record) {
	if rec == nil {
		c.fail(notFound("no " + t.noun + " has sourcedId " + strconv.Quote(c.ids[len(c.ids)-1])))
		return
	}
	var selected []bool
	if v := c.r.URL.Query().Get("fields"); strings.TrimSpace(v) != "" {
		sel, err := parseFields(v, t.shapes[c.version], t.noun)
		if err != nil {
			c.fail(err)
			return
		}
		selected = sel
	}
	c.writeJSON(http.StatusOK, c.encoder(selected).single(c.q.singleEnvelope(t), t.shape, rec))
}

// route is one operation of the binding.
type route struct {
	method  string
	pattern string // as in the binding: /schools/{schoolSourcedId}/classes
	segs    []string
	scope   scopeRule
	write   bool // needs the data lock exclusively
	handle  func(c *call, d *district)
	// items lists what a collection route lists, before the query; nil
	// for other routes.
	items func(ids []string, d *district) ([]record, *apiError)
}

func splitPath(p string) []string {
	p = strings.Trim(p, "/")
	if p == "" {
		return nil
	}
	return strings.Split(p, "/")
}

// match finds the route for method and path segments and the sourcedIds
// in the path. With no route it returns the 404 or 405 to answer, and for
// a 405 the methods the path takes.
func match(routes []route, method string, segs []string) (rt *route, ids []string, allowed []string, err *apiError) {
	for i := range routes {
		ids, ok := routes[i].matchPath(segs)
		if !ok {
			continue
		}
		if routes[i].method == method {
			return &routes[i], ids, nil, nil
		}
		allowed = append(allowed, routes[i].method)
	}
	path := "/" + strings.Join(segs, "/")
	if len(allowed) > 0 {
		return nil, nil, allowed, &apiError{
			status:      http.StatusMethodNotAllowed,
			codeMinor:   minorUnsupportedOperation,
			description: method + " is not supported on " + path + "; allowed: " + strings.Join(allowed, ", "),
		}
	}
	return nil, nil, nil, &apiError{
		status:      http.StatusNotFound,
		codeMinor:   minorUnknownObject,
		description: "no OneRoster endpoint at " + path + " under this base path",
	}
}

func (rt *route) matchPath(segs []string) ([]string, bool) {
	if len(segs) != len(rt.segs) {
		return nil, false
	}
	var ids []string
	for i, want := range rt.segs {
		if strings.HasPrefix(want, "{") {
			if segs[i] == "" {
				return nil, false
			}
			ids = append(ids, segs[i])
		} else if segs[i] != want {
			return nil, false
		}
	}
	return ids, true
}

func get(pattern string, scope scopeRule, handle func(c *call, d *district)) route {
	return route{method: http.MethodGet, pattern: pattern, segs: splitPath(pattern), scope: scope, handle: handle}
}

// collection is GET /<topic> and GET /<topic>/{sourcedId}.
func collection(t *topic, scope scopeRule) []route {
	return []route{
		nested("/"+t.name, scope, t, func(_ []string, d *district) ([]record, *apiError) { return t.list(d), nil }),
		get("/"+t.name+"/{sourcedId}", scope, func(c *call, d *district) { c.single(t, t.get(d, c.ids[0])) }),
	}
}

// nested is a GET of a collection related to the records in its path.
func nested(pattern string, scope scopeRule, t *topic, items func(ids []string, d *district) ([]record, *apiError)) route {
	rt := get(pattern, scope, func(c *call, d *district) {
		list, err := items(c.ids, d)
		if err != nil {
			c.fail(err)
			return
		}
		c.list(t, list)
	})
	rt.items = items
	return rt
}

// need returns the record of topic t with sourcedId id, or the 404 for it.
func need(d *district, t *topic, id string) (record, *apiError) {
	if rec := t.get(d, id); rec != nil {
		return rec, nil
	}
	return nil, notFound("no " + t.noun + " has sourcedId " + strconv.Quote(id))
}

// relatedTo is a nested list read from a precomputed relation, after
// checking that the parent exists.
func relatedTo(parent *topic, rel func(d *district) relation) func(ids []string, d *district) ([]record, *apiError) {
	return func(ids []string, d *district) ([]record, *apiError) {
		if _, err := need(d, parent, ids[0]); err != nil {
			return nil, err
		}
		return rel(d)[ids[0]], nil
	}
}

// classInSchool checks /schools/{schoolSourcedId}/classes/{classSourcedId}.
func classInSchool(ids []string, d *district) (*model.Class, *apiError) {
	if _, err := need(d, topicSchools, ids[0]); err != nil {
		return nil, err
	}
	rec, err := need(d, topicClasses, ids[1])
	if err != nil {
		return nil, err
	}
	class := recordAs[model.Class](rec)
	if model.RefID(class.School) != ids[0] {
		return nil, notFound("class " + strconv.Quote(ids[1]) + " is not taught at school " + strconv.Quote(ids[0]))
	}
	return class, nil
}

// classUsers lists the users enrolled in a class with a role, by sourcedId.
func classUsers(d *district, classID, role string) []record {
	var out []record
	for _, r := range d.enrollmentsByClass[classID] {
		e := recordAs[model.Enrollment](r)
		if e.Role != role || e.User == nil {
			continue
		}
		if u := d.users.get(e.User.SourcedID); u != nil {
			out = append(out, u)
		}
	}
	sortByID(out)
	return slices.CompactFunc(out, func(a, b record) bool { return idOf(a) == idOf(b) })
}

// resourcesOf resolves resource references, sorted by sourcedId.
func resourcesOf(d *district, refs ...[]model.Ref) []record {
	seen := map[string]bool{}
	var out []record
	for _, list := range refs {
		for _, ref := range list {
			if seen[ref.SourcedID] {
				continue
			}
			seen[ref.SourcedID] = true
			if rec := d.resources.get(ref.SourcedID); rec != nil {
				out = append(out, rec)
			}
		}
	}
	sortByID(out)
	return out
}

// lineItemsOfClass lists a class's line items by sourcedId.
func lineItemsOfClass(d *district, classID string) []record {
	var out []record
	for _, r := range d.lineItems.items {
		if model.RefID(recordAs[model.LineItem](r).Class) == classID {
			out = append(out, r)
		}
	}
	return out
}

// resultsWhere lists results whose line item is in lineItems and, when
// studentID is not empty, whose student is studentID.
func resultsWhere(d *district, lineItems []record, studentID string) []record {
	in := make(map[string]bool, len(lineItems))
	for _, li := range lineItems {
		in[idOf(li)] = true
	}
	var out []record
	for _, r := range d.results.items {
		res := recordAs[model.Result](r)
		if in[model.RefID(res.LineItem)] && (studentID == "" || model.RefID(res.Student) == studentID) {
			out = append(out, r)
		}
	}
	return out
}

// routes are the 61 operations of the OneRoster 1.1 binding plus GET
// /users/{userSourcedId}/resources (from 1.2, which some 1.1 servers
// already offer).
var routes = slices.Concat(
	collection(topicOrgs, scopeCore),
	collection(topicSchools, scopeCore),
	collection(topicAcademicSessions, scopeCore),
	collection(topicTerms, scopeCore),
	collection(topicGradingPeriods, scopeCore),
	collection(topicCourses, scopeCore),
	collection(topicClasses, scopeCore),
	collection(topicUsers, scopeCore),
	collection(topicStudents, scopeCore),
	collection(topicTeachers, scopeCore),
	collection(topicEnrollments, scopeCore),
	collection(topicDemographics, scopeDemographics),
	collection(topicResources, scopeResource),
	collection(topicCategories, scopeGradebook),
	collection(topicLineItems, scopeGradebook),
	collection(topicResults, scopeGradebook),
	gradebookWrites(writable, scopeGradebookPut, scopeGradebookDel),
	gradebookReads(scopeGradebook),
	resourceReads(scopeResource),
	[]route{
		nested("/schools/{schoolSourcedId}/classes", scopeRoster, topicClasses,
			relatedTo(topicSchools, func(d *district) relation { return d.classesBySchool })),
		nested("/schools/{schoolSourcedId}/courses", scopeRoster, topicCourses,
			relatedTo(topicSchools, func(d *district) relation { return d.coursesBySchool })),
		nested("/schools/{schoolSourcedId}/terms", scopeRoster, topicTerms,
			relatedTo(topicSchools, func(d *district) relation { return d.termsBySchool })),
		nested("/schools/{schoolSourcedId}/students", scopeRoster, topicStudents,
			relatedTo(topicSchools, func(d *district) relation { return d.studentsBySchool })),
		nested("/schools/{schoolSourcedId}/teachers", scopeRoster, topicTeachers,
			relatedTo(topicSchools, func(d *district) relation { return d.teachersBySchool })),
		nested("/schools/{schoolSourcedId}/enrollments", scopeRoster, topicEnrollments,
			relatedTo(topicSchools, func(d *district) relation { return d.enrollmentsBySchool })),
		nested("/schools/{schoolSourcedId}/classes/{classSourcedId}/enrollments", scopeRoster, topicEnrollments,
			func(ids []string, d *district) ([]record, *apiError) {
				class, err := classInSchool(ids, d)
				if err != nil {
					return nil, err
				}
				return d.enrollmentsByClass[class.SourcedID], nil
			}),
		nested("/schools/{schoolSourcedId}/classes/{classSourcedId}/students", scopeRoster, topicStudents,
			func(ids []string, d *district) ([]record, *apiError) {
				class, err := classInSchool(ids, d)
				if err != nil {
					return nil, err
				}
				return classUsers(d, class.SourcedID, "student"), nil
			}),
		nested("/schools/{schoolSourcedId}/classes/{classSourcedId}/teachers", scopeRoster, topicTeachers,
			func(ids []string, d *district) ([]record, *apiError) {
				class, err := classInSchool(ids, d)
				if err != nil {
					return nil, err
				}
				return classUsers(d, class.SourcedID, "teacher"), nil
			}),
		nested("/classes/{classSourcedId}/students", scopeRoster, topicStudents,
			func(ids []string, d *district) ([]record, *apiError) {
				if _, err := need(d, topicClasses, ids[0]); err != nil {
					return nil, err
				}
				return classUsers(d, ids[0], "student"), nil
			}),
		nested("/classes/{classSourcedId}/teachers", scopeRoster, topicTeachers,
			func(ids []string, d *district) ([]record, *apiError) {
				if _, err := need(d, topicClasses, ids[0]); err != nil {
					return nil, err
				}
				return classUsers(d, ids[0], "teacher"), nil
			}),
		nested("/courses/{courseSourcedId}/classes", scopeRoster, topicClasses,
			relatedTo(topicCourses, func(d *district) relation { return d.classesByCourse })),
		nested("/terms/{termSourcedId}/classes", scopeRoster, topicClasses,
			relatedTo(topicTerms, func(d *district) relation { return d.classesByTerm })),
		nested("/terms/{termSourcedId}/gradingPeriods", scopeRoster, topicGradingPeriods,
			relatedTo(topicTerms, func(d *district) relation { return d.gradingPeriodsByTerm })),
		nested("/students/{studentSourcedId}/classes", scopeRoster, topicClasses,
			relatedTo(topicStudents, func(d *district) relation { return d.classesByUser })),
		nested("/teachers/{teacherSourcedId}/classes", scopeRoster, topicClasses,
			relatedTo(topicTeachers, func(d *district) relation { return d.classesByUser })),
		nested("/users/{userSourcedId}/classes", scopeRoster, topicClasses,
			relatedTo(topicUsers, func(d *district) relation { return d.classesByUser })),
	},
)

// resourceReads are the GETs of the resources related to a class, a
// course or a user, under scope.
func resourceReads(scope scopeRule) []route {
	return []route{
		nested("/classes/{classSourcedId}/resources", scope, topicResources,
			func(ids []string, d *district) ([]record, *apiError) {
				rec, err := need(d, topicClasses, ids[0])
				if err != nil {
					return nil, err
				}
				return resourcesOf(d, recordAs[model.Class](rec).Resources), nil
			}),
		nested("/courses/{courseSourcedId}/resources", scope, topicResources,
			func(ids []string, d *district) ([]record, *apiError) {
				rec, err := need(d, topicCourses, ids[0])
				if err != nil {
					return nil, err
				}
				return resourcesOf(d, recordAs[model.Course](rec).Resources), nil
			}),
		nested("/users/{userSourcedId}/resources", scope, topicResources,
			func(ids []string, d *district) ([]record, *apiError) {
				user, err := need(d, topicUsers, ids[0])
				if err != nil {
					return nil, err
				}
				// The user's own (1.2's user.resources), then those of its
				// classes and their courses.
				refs := [][]model.Ref{recordAs[model.User](user).Resources}
				for _, rec := range d.classesByUser[ids[0]] {
					class := recordAs[model.Class](rec)
					refs = append(refs, class.Resources)
					if class.Course != nil {
						if course := d.courses.get(class.Course.SourcedID); course != nil {
							refs = append(refs, recordAs[model.Course](course).Resources)
						}
					}
				}
				return resourcesOf(d, refs...), nil
			}),
	}
}

// gradebookReads are the GETs of the line items and results of a class,
// under scope: 1.1 and 1.2 have the same.
func gradebookReads(scope scopeRule) []route {
	return []route{
		nested("/classes/{classSourcedId}/lineItems", scope, topicLineItems,
			func(ids []string, d *district) ([]record, *apiError) {
				if _, err := need(d, topicClasses, ids[0]); err != nil {
					return nil, err
				}
				return lineItemsOfClass(d, ids[0]), nil
			}),
		nested("/classes/{classSourcedId}/results", scope, topicResults,
			func(ids []string, d *district) ([]record, *apiError) {
				if _, err := need(d, topicClasses, ids[0]); err != nil {
					return nil, err
				}
				return resultsWhere(d, lineItemsOfClass(d, ids[0]), ""), nil
			}),
		nested("/classes/{classSourcedId}/lineItems/{lineItemSourcedId}/results", scope, topicResults,
			func(ids []string, d *district) ([]record, *apiError) {
				if _, err := need(d, topicClasses, ids[0]); err != nil {
					return nil, err
				}
				li, err := need(d, topicLineItems, ids[1])
				if err != nil {
					return nil, err
				}
				if model.RefID(recordAs[model.LineItem](li).Class) != ids[0] {
					return nil, notFound("line item " + strconv.Quote(ids[1]) + " does not belong to class " + strconv.Quote(ids[0]))
				}
				return resultsWhere(d, []record{li}, ""), nil
			}),
		nested("/classes/{classSourcedId}/students/{studentSourcedId}/results", scope, topicResults,
			func(ids []string, d *district) ([]record, *apiError) {
				if _, err := need(d, topicClasses, ids[0]); err != nil {
					return nil, err
				}
				if _, err := need(d, topicStudents, ids[1]); err != nil {
					return nil, err
				}
				return resultsWhere(d, lineItemsOfClass(d, ids[0]), ids[1]), nil
			}),
	}
}

// routesV1p2 are the 41 GETs of the OneRoster 1.2 rostering binding. They
// are the paths of the 1.1 rostering routes (1.2 kept them all and added
// none), under the 1.2 scopes: a 1.1 grant does not reach them, nor a 1.2
// grant the 1.1 ones. 1.2's gradebook and resources services have base
// paths of their own (routesGradebookV1p2, routesResourcesV1p2).
var routesV1p2 = func() []route {
	scopes := map[string]scopeRule{
		oauthcheck.ScopeRosterCore:   {oauthcheck.ScopeV1p2RosterCore, oauthcheck.ScopeV1p2Roster},
		oauthcheck.ScopeRoster:       {oauthcheck.ScopeV1p2Roster},
		oauthcheck.ScopeDemographics: {oauthcheck.ScopeV1p2Demographics},
	}
	var out []route
	for _, rt := range routes {
		scope, rostering := scopes[rt.scope[0]]
		if !rostering || rt.pattern == "/users/{userSourcedId}/resources" {
			continue
		}
		rt.scope = scope
		out = append(out, rt)
	}
	return out
}()

// routesResourcesV1p2 are the 5 GETs of the OneRoster 1.2 resources
// binding: 1.1's, and the resources of a user.
var routesResourcesV1p2 = slices.Concat(
	collection(topicResources, scopeV1p2ResourceCore),
	resourceReads(scopeV1p2Resource),
)

// routesGradebookV1p2 are the 35 operations of the OneRoster 1.2
// gradebook binding: 1.1's collections, reads and writes with 1.2's
// checks, score scales and assessments, the categories and score scales
// of a class or school, and the POSTs of sets (gradebook_post.go).
var routesGradebookV1p2 = slices.Concat(
	collection(topicCategories, scopeV1p2GradebookCore),
	collection(topicLineItems, scopeV1p2GradebookCore),
	collection(topicResults, scopeV1p2GradebookCore),
	collection(topicScoreScales, scopeV1p2GradebookCore),
	collection(topicAssessmentLineItems, scopeV1p2Assessment),
	collection(topicAssessmentResults, scopeV1p2Assessment),
	gradebookWrites(writableV1p2, scopeV1p2GradebookPut, scopeV1p2GradebookDel),
	gradebookWrites(writableAssessments, scopeV1p2AssessmentPut, scopeV1p2AssessmentDel),
	gradebookReads(scopeV1p2Gradebook),
	gradebookPosts,
	[]route{
		nested("/classes/{classSourcedId}/categories", scopeV1p2Gradebook, topicCategories,
			func(ids []string, d *district) ([]record, *apiError) {
				if _, err := need(d, topicClasses, ids[0]); err != nil {
					return nil, err
				}
				return categoriesOfClass(d, ids[0]), nil
			}),
		nested("/classes/{classSourcedId}/scoreScales", scopeV1p2Gradebook, topicScoreScales,
			func(ids []string, d *district) ([]record, *apiError) {
				if _, err := need(d, topicClasses, ids[0]); err != nil {
					return nil, err
				}
				return scoreScalesWhere(d, func(s *model.ScoreScale) bool { return model.RefID(s.Class) == ids[0] }), nil
			}),
		nested("/schools/{schoolSourcedId}/scoreScales", scopeV1p2Gradebook, topicScoreScales,
			func(ids []string, d *district) ([]record, *apiError) {
				if _, err := need(d, topicSchools, ids[0]); err != nil {
					return nil, err
				}
				return scoreScalesWhere(d, func(s *model.ScoreScale) bool { return scoreScaleSchool(d, s) == ids[0] }), nil
			}),
	},
)

// categoriesOfClass lists the categories of a class's line items (1.2
// categories name no class: a class has the ones its line items use).
func categoriesOfClass(d *district, classID string) []record {
	var out []record
	for _, li := range lineItemsOfClass(d, classID) {
		if rec := d.categories.get(model.RefID(recordAs[model.LineItem](li).Category)); rec != nil {
			out = append(out, rec)
		}
	}
	sortByID(out)
	return slices.CompactFunc(out, func(a, b record) bool { return idOf(a) == idOf(b) })
}

// scoreScalesWhere lists the score scales keep says to, by sourcedId.
func scoreScalesWhere(d *district, keep func(*model.ScoreScale) bool) []record {
	return view(d.scoreScales, func(r record) bool { return keep(recordAs[model.ScoreScale](r)) })
}

// scoreScaleSchool is the school a score scale belongs to: its class's,
// else its course's org.
func scoreScaleSchool(d *district, s *model.ScoreScale) string {
	if rec := d.classes.get(model.RefID(s.Class)); rec != nil {
		return model.RefID(recordAs[model.Class](rec).School)
	}
	if rec := d.courses.get(model.RefID(s.Course)); rec != nil {
		return model.RefID(recordAs[model.Course](rec).Org)
	}
	return ""
}
