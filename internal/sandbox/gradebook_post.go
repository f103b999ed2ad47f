package sandbox

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
)

// OneRoster 1.2's POSTs create a set of records in one request and answer
// the sourcedIds the server gave them ({"sourcedIdPairs":[…]}, the
// binding's GUIDPairSetDType). A setPost describes one such endpoint;
// everything else (decoding the set, checking and storing each record,
// allocating ids under the AllocateSourcedIDs quirk) is shared.

// setPost is a POST of a set of new records of a writable topic.
type setPost struct {
	// pattern is the path, as in the binding.
	pattern string
	// wt is the topic of the records, with its 1.2 checks.
	wt writableTopic
	// parents checks that the records the path names exist (a 404
	// otherwise, even for an empty set). ids are the path's sourcedIds.
	parents func(ids []string, d *district) *apiError
	// bind checks, after wt's check, what the path says about a new
	// record, filling it in where the record may leave it out: the class
	// of a result POSTed to /classes/{id}/academicSessions/{id}/results.
	// nil for nothing.
	bind func(ids []string, d *district, rec record) *apiError
}

// route is the POST route of p, under the gradebook.createpost scope.
func (p setPost) route() route {
	return route{method: http.MethodPost, pattern: p.pattern, segs: splitPath(p.pattern), scope: scopeV1p2GradebookPost, write: true,
		handle: func(c *call, d *district) { c.postSet(p, d) }}
}

// gradebookPosts are the POSTs of the 1.2 gradebook binding. POST
// /lineItems/{lineItemSourcedId}/results, the bulk results, is in
// gradebook_post_results.go.
var gradebookPosts = []route{
	postLineItemResults,
	setPost{
		pattern: "/classes/{classSourcedId}/lineItems",
		wt:      writableLineItemV1p2,
		parents: func(ids []string, d *district) *apiError { _, err := need(d, topicClasses, ids[0]); return err },
		bind: func(ids []string, _ *district, rec record) *apiError {
			return sameAsPath("lineItem", "class", recordAs[model.LineItem](rec).Class, ids[0])
		},
	}.route(),
	setPost{
		pattern: "/schools/{schoolSourcedId}/lineItems",
		wt:      writableLineItemV1p2,
		parents: func(ids []string, d *district) *apiError { _, err := need(d, topicSchools, ids[0]); return err },
		bind: func(ids []string, _ *district, rec record) *apiError {
			return sameAsPath("lineItem", "school", recordAs[model.LineItem](rec).School, ids[0])
		},
	}.route(),
	setPost{
		pattern: "/classes/{classSourcedId}/academicSessions/{academicSessionSourcedId}/results",
		wt:      writableResultV1p2,
		parents: func(ids []string, d *district) *apiError {
			if _, err := need(d, topicClasses, ids[0]); err != nil {
				return err
			}
			_, err := need(d, topicAcademicSessions, ids[1])
			return err
		},
		bind: func(ids []string, d *district, rec record) *apiError {
			res := recordAs[model.Result](rec)
			li := recordAs[model.LineItem](d.lineItems.get(res.LineItem.SourcedID))
			if err := sameAsPath("result.lineItem", "class", li.Class, ids[0]); err != nil {
				return err
			}
			if !inSession(d, li.AcademicSession, ids[1]) && !inSession(d, li.GradingPeriod, ids[1]) {
				return invalidData("result.lineItem", fmt.Sprintf("result.lineItem %q is not in the academic session %q of the URL", li.SourcedID, ids[1]))
			}
			if res.Class == nil { // the URL names it
				res.Class = &model.Ref{SourcedID: ids[0], Type: "class"}
			}
			return nil
		},
	}.route(),
}

// sameAsPath checks that a record's reference names the record the path
// names.
func sameAsPath(env, name string, ref *model.Ref, id string) *apiError {
	if got := model.RefID(ref); got != id {
		return invalidData(env+"."+name, fmt.Sprintf("%s.%s %q is not the %s %q of the URL", env, name, got, name, id))
	}
	return nil
}

// inSession reports whether the academic session ref is session or one of
// its descendants (a grading period of a term of the school year).
func inSession(d *district, ref *model.Ref, session string) bool {
	for hops := 0; ref != nil && hops < 8; hops++ {
		if ref.SourcedID == session {
			return true
		}
		parent, _ := d.sessions.get(ref.SourcedID).(*model.AcademicSession)
		if parent == nil {
			return false
		}
		ref = parent.Parent
	}
	return false
}

// postSet creates the records of a set body ({"<many>":[…]}) and answers
// 201 with their sourcedIdPairs. It creates all or none: the first record
// that is not valid, or whose sourcedId is taken, is a 422 naming it.
func (c *call) postSet(p setPost, d *district) {
	if err := p.parents(c.ids, d); err != nil {
		c.fail(err)
		return
	}
	t, many, env := p.wt.table(d), p.wt.topic.many, p.wt.topic.one
	body, err := io.ReadAll(io.LimitReader(c.r.Body, maxBody+1))
	if err != nil {
		c.fail(badRequest(minorInvalidData, "body", "cannot read the request body: "+err.Error()))
		return
	}
	if len(body) > maxBody {
		c.fail(badRequest(minorInvalidData, "body", fmt.Sprintf("the request body is larger than %d bytes; send fewer records per request", maxBody)))
		return
	}
	var envelope map[string][]json.RawMessage
	if err := json.Unmarshal(body, &envelope); err != nil {
		c.fail(badRequest(minorInvalidData, "body", fmt.Sprintf(`the body is not a JSON object {%q:[…]}: %v`, many, err)))
		return
	}
	raws, ok := envelope[many]
	if !ok {
		c.fail(badRequest(minorInvalidData, "body", fmt.Sprintf(`the body has no %q list; send {%q:[…]}`, many, many)))
		return
	}
	recs := make([]record, len(raws))
	pairs := make([]model.SourcedIDPair, len(raws))
	supplied := make(map[string]bool, len(raws))
	for i, raw := range raws {
		rec, e := c.newRecord(p, d, raw)
		if e == nil {
			id := idOf(rec)
			switch {
			case c.q.AllocateSourcedIDs || id == "":
			case supplied[id]:
				e = invalidData(env+".sourcedId", fmt.Sprintf("%s.sourcedId %q is in the set twice", env, id))
			case t.get(id) != nil:
				e = invalidData(env+".sourcedId", fmt.Sprintf("%s.sourcedId %q is taken: POST creates %s; PUT /%s/%s replaces one", env, id, many, p.wt.topic.name, id))
			}
			supplied[id] = true
		}
		if e != nil {
			prefix := many + "[" + strconv.Itoa(i) + "]"
			e.field = prefix + strings.TrimPrefix(e.field, env)
			e.description = prefix + ": " + e.description
			c.fail(e)
			return
		}
		recs[i], pairs[i].Supplied = rec, idOf(rec)
	}
	for i, rec := range recs {
		if c.q.AllocateSourcedIDs || pairs[i].Supplied == "" {
			baseOf(rec).SourcedID = d.allocateID(env, t)
		}
		pairs[i].Allocated = idOf(rec)
		t.put(rec)
	}
	answer, err := json.Marshal(struct {
		Pairs []model.SourcedIDPair `json:"sourcedIdPairs"`
	}{pairs})
	if err != nil {
		c.fail(&apiError{status: http.StatusInternalServerError, codeMinor: minorInternal, description: "cannot encode the sourcedIdPairs"})
		return
	}
	c.writeJSON(http.StatusCreated, answer)
}

// newRecord decodes, checks and completes one record of a set.
func (c *call) newRecord(p setPost, d *district, raw json.RawMessage) (record, *apiError) {
	env := p.wt.topic.one
	rec, err := p.wt.decode(raw)
	if err != nil {
		return nil, decodeError(env, err)
	}
	base := baseOf(rec)
	switch base.Status {
	case "":
		base.Status = model.StatusActive
	case model.StatusActive, model.StatusToBeDeleted:
	default:
		return nil, invalidData(env+".status", fmt.Sprintf("%s.status %q is neither active nor tobedeleted", env, base.Status))
	}
	if c.q.CaseInsensitiveIDs {
		foldRefs(d, rec)
	}
	if e := p.wt.check(d, rec); e != nil {
		return nil, e
	}
	if p.bind != nil {
		if e := p.bind(c.ids, d, rec); e != nil {
			return nil, e
		}
	}
	c.store(d, rec)
	return rec, nil
}

// allocateID is the next sourcedId the server gives a record of refType
// itself: "<refType>-srv-0001", "<refType>-srv-0002"…, skipping any the
// table holds.
func (d *district) allocateID(refType string, t *table) string {
	if d.serverIDs == nil {
		d.serverIDs = map[string]int{}
	}
	for {
		d.serverIDs[refType]++
		if id := ident(refType+"-srv", d.serverIDs[refType], 4); t.get(id) == nil {
			return id
		}
	}
}

// failAbsentPost answers a POST of a set as a server without it does,
// under the PostsUnsupported quirk: 404 as for any unknown path, 405 with
// the methods the path still takes, or 501.
func (c *call) failAbsentPost(segs []string) {
	path := "/" + strings.Join(segs, "/")
	switch status := c.q.PostsUnsupported; status {
	case http.StatusMethodNotAllowed:
		var allowed []string
		for _, rt := range c.api.routes {
			if _, ok := rt.matchPath(segs); ok && rt.method != http.MethodPost {
				allowed = append(allowed, rt.method)
			}
		}
		c.w.Header().Set("Allow", strings.Join(allowed, ", "))
		c.fail(&apiError{status: status, codeMinor: minorUnsupportedOperation,
			description: "POST is not supported on " + path + "; allowed: " + strings.Join(allowed, ", ")})
	case http.StatusNotFound:
		c.fail(&apiError{status: status, codeMinor: minorUnknownObject,
			description: "no OneRoster endpoint at " + path + " under this base path"})
	default:
		c.fail(&apiError{status: status, codeMinor: minorUnsupportedOperation,
			description: "this server does not implement POST " + path + "; create the records one by one with PUT"})
	}
}
