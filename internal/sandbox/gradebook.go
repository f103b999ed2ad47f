package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
)

// maxBody bounds a PUT body.
const maxBody = 1 << 20

// timestampLayout is how the sandbox writes dateLastModified.
const timestampLayout = "2006-01-02T15:04:05.000Z"

// writableTopic describes a gradebook topic that takes PUT and DELETE: how
// to decode its body and what makes a record valid.
type writableTopic struct {
	topic *topic
	table func(d *district) *table
	// decode reads the record inside the envelope.
	decode func(raw json.RawMessage) (record, error)
	// check validates a decoded record against the district and puts its
	// references into canonical form.
	check func(d *district, rec record) *apiError
}

// decodeAs decodes a record of type T.
func decodeAs[T any](raw json.RawMessage) (record, error) {
	var v T
	err := json.Unmarshal(raw, &v)
	return &v, err
}

// The gradebook topics that take writes. 1.1 and 1.2 write the same
// categories, line items and results, each version with its own required
// fields; 1.2 adds score scales and, under scopes of their own,
// assessments.
var (
	writableCategory = writableTopic{
		topic:  topicCategories,
		table:  func(d *district) *table { return d.categories },
		decode: decodeAs[model.Category],
		check: func(_ *district, rec record) *apiError {
			return required("category", "title", recordAs[model.Category](rec).Title)
		},
	}
	writableLineItem = writableTopic{
		topic: topicLineItems, table: func(d *district) *table { return d.lineItems },
		decode: decodeAs[model.LineItem], check: checkLineItem,
	}
	writableResult = writableTopic{
		topic: topicResults, table: func(d *district) *table { return d.results },
		decode: decodeAs[model.Result], check: checkResult,
	}

	writableLineItemV1p2 = withCheck(writableLineItem, checkLineItemV1p2)
	writableResultV1p2   = withCheck(writableResult, checkResultV1p2)

	writable     = []writableTopic{writableCategory, writableLineItem, writableResult}
	writableV1p2 = []writableTopic{
		writableCategory, writableLineItemV1p2, writableResultV1p2,
		{
			topic: topicScoreScales, table: func(d *district) *table { return d.scoreScales },
			decode: decodeAs[model.ScoreScale], check: checkScoreScale,
		},
	}
	writableAssessments = []writableTopic{
		{
			topic: topicAssessmentLineItems, table: func(d *district) *table { return d.assessmentLineItems },
			decode: decodeAs[model.AssessmentLineItem], check: checkAssessmentLineItem,
		},
		{
			topic: topicAssessmentResults, table: func(d *district) *table { return d.assessmentResults },
			decode: decodeAs[model.AssessmentResult], check: checkAssessmentResult,
		},
	}
)

// withCheck is wt with another check.
func withCheck(wt writableTopic, check func(d *district, rec record) *apiError) writableTopic {
	wt.check = check
	return wt
}

// gradebookWrites are PUT and DELETE on the topics of wts, under the
// scopes put and del.
func gradebookWrites(wts []writableTopic, put, del scopeRule) []route {
	var out []route
	for _, wt := range wts {
		pattern := "/" + wt.topic.name + "/{sourcedId}"
		out = append(out,
			route{method: http.MethodPut, pattern: pattern, segs: splitPath(pattern), scope: put, write: true,
				handle: func(c *call, d *district) { c.put(wt, d) }},
			route{method: http.MethodDelete, pattern: pattern, segs: splitPath(pattern), scope: del, write: true,
				handle: func(c *call, d *district) { c.delete(wt, d) }},
		)
	}
	return out
}

// put creates (201) or replaces (200) the record named by the path and
// answers it as stored, or 204 with the PutNoContent quirk.
func (c *call) put(wt writableTopic, d *district) {
	id := c.ids[0]
	env := wt.topic.one
	body, err := io.ReadAll(io.LimitReader(c.r.Body, maxBody+1))
	if err != nil {
		c.fail(badRequest(minorInvalidData, "body", "cannot read the request body: "+err.Error()))
		return
	}
	if len(body) > maxBody {
		c.fail(badRequest(minorInvalidData, "body", fmt.Sprintf("the request body is larger than %d bytes", maxBody)))
		return
	}
	var envelope map[string]json.RawMessage
	if err := json.Unmarshal(body, &envelope); err != nil {
		c.fail(badRequest(minorInvalidData, "body", fmt.Sprintf(`the body is not a JSON object {%q:{…}}: %v`, env, err)))
		return
	}
	raw, ok := envelope[env]
	if !ok || strings.TrimSpace(string(raw)) == "null" {
		c.fail(badRequest(minorInvalidData, "body", fmt.Sprintf(`the body has no %q object; send {%q:{…}}`, env, env)))
		return
	}
	rec, err := wt.decode(raw)
	if err != nil {
		c.fail(decodeError(env, err))
		return
	}
	base := baseOf(rec)
	switch {
	case base.SourcedID == "" || base.SourcedID == id:
		base.SourcedID = id
	case c.q.CaseInsensitiveIDs && strings.EqualFold(base.SourcedID, id):
		base.SourcedID = id // the stored spelling
	default:
		c.fail(invalidData(env+".sourcedId", fmt.Sprintf("%s.sourcedId %q differs from the sourcedId %q in the URL", env, base.SourcedID, id)))
		return
	}
	switch base.Status {
	case "":
		base.Status = model.StatusActive
	case model.StatusActive, model.StatusToBeDeleted:
	default:
		c.fail(invalidData(env+".status", fmt.Sprintf("%s.status %q is neither active nor tobedeleted", env, base.Status)))
		return
	}
	if c.q.CaseInsensitiveIDs {
		foldRefs(d, rec)
	}
	if e := wt.check(d, rec); e != nil {
		c.fail(e)
		return
	}
	if old := wt.table(d).get(id); old != nil {
		keepOtherVersion(wt.topic.shape, c.version, old, rec)
	}
	c.store(d, rec)

	status := http.StatusOK
	if wt.table(d).put(rec) {
		status = http.StatusCreated
	}
	if c.q.PutNoContent {
		c.w.WriteHeader(http.StatusNoContent)
		return
	}
	c.writeJSON(status, c.encoder(nil).single(env, wt.topic.shape, rec))
}

// store completes a valid record as the server stores it: clamped under
// the ClampScores quirk, stamped. It adds nothing the client did not
// send: a line item written through 1.1 has no 1.2 school.
func (c *call) store(d *district, rec record) {
	if c.q.ClampScores {
		clampScore(d, rec)
	}
	baseOf(rec).DateLastModified = c.s.now().UTC().Format(timestampLayout)
}

// keepOtherVersion copies into rec, which replaces old, the fields that
// version's records lack: one district serves 1.1 and 1.2, and a 1.1 PUT
// that cannot see a line item's 1.2 school must not erase it.
func keepOtherVersion(s *shape, version string, old, rec record) {
	for _, f := range s.fields {
		if !f.inVersion(version) {
			f.value(rec).Set(f.value(old))
		}
	}
}

// delete removes the record named by the path (204), or marks it
// tobedeleted with the SoftDelete quirk; an unknown or already soft-deleted
// record is 404.
func (c *call) delete(wt writableTopic, d *district) {
	id := c.ids[0]
	t := wt.table(d)
	rec := t.get(id)
	if rec == nil || (c.q.SoftDelete && !isActive(rec)) {
		c.fail(notFound("no " + wt.topic.noun + " has sourcedId " + strconv.Quote(id)))
		return
	}
	if c.q.SoftDelete {
		deleted := copyRecord(rec)
		base := baseOf(deleted)
		base.Status = model.StatusToBeDeleted
		base.DateLastModified = c.s.now().UTC().Format(timestampLayout)
		t.put(deleted)
	} else {
		t.remove(id)
	}
	c.w.WriteHeader(http.StatusNoContent)
}

// copyRecord returns a shallow copy of a record.
func copyRecord(rec record) record {
	v := reflect.New(reflect.TypeOf(rec).Elem())
	v.Elem().Set(reflect.ValueOf(rec).Elem())
	return v.Interface()
}

// decodeError turns a JSON decoding error into a 422 naming the field.
func decodeError(env string, err error) *apiError {
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) && typeErr.Field != "" {
		return invalidData(env+"."+typeErr.Field, fmt.Sprintf("%s.%s cannot hold a JSON %s", env, typeErr.Field, typeErr.Value))
	}
	msg := err.Error()
	if i := strings.LastIndex(msg, "cannot read"); i >= 0 { // model's tolerant types
		msg = msg[i:]
	}
	return invalidData(env, fmt.Sprintf("%s is not valid: %s", env, msg))
}

func required(env, name, value string) *apiError {
	if strings.TrimSpace(value) == "" {
		return invalidData(env+"."+name, fmt.Sprintf("%s.%s is required", env, name))
	}
	return nil
}

// reference checks that a required reference is there and names a record
// of topic t, and returns it in canonical form (type refType, href built
// when encoding).
func reference(d *district, env, name string, ref *model.Ref, t *topic, refType string) (*model.Ref, *apiError) {
	if ref == nil || strings.TrimSpace(ref.SourcedID) == "" {
		return nil, invalidData(env+"."+name, fmt.Sprintf("%s.%s is required: a reference {\"sourcedId\":…} to a %s", env, name, t.noun))
	}
	if t.get(d, ref.SourcedID) == nil {
		return nil, invalidData(env+"."+name, fmt.Sprintf("%s.%s refers to %q, but no %s has that sourcedId", env, name, ref.SourcedID, t.noun))
	}
	return &model.Ref{SourcedID: ref.SourcedID, Type: refType}, nil
}

// dateLayouts are accepted for dates and date-times: RFC 3339 date-times
// and full dates, since servers and clients use either for both.
var dateLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02"}

func dateField(env, name, value string, needed bool) *apiError {
	if value == "" {
		if needed {
			return required(env, name, value)
		}
		return nil
	}
	for _, layout := range dateLayouts {
		if _, err := time.Parse(layout, value); err == nil {
			return nil
		}
	}
	return invalidData(env+"."+name, fmt.Sprintf("%s.%s %q is not a date (2006-01-02) or an RFC 3339 date-time (2006-01-02T15:04:05Z)", env, name, value))
}

func checkLineItem(d *district, rec record) *apiError {
	li := recordAs[model.LineItem](rec)
	const env = "lineItem"
	if e := required(env, "title", li.Title); e != nil {
		return e
	}
	if e := dateField(env, "assignDate", li.AssignDate, true); e != nil {
		return e
	}
	if e := dateField(env, "dueDate", li.DueDate, true); e != nil {
		return e
	}
	var e *apiError
	if li.Class, e = reference(d, env, "class", li.Class, topicClasses, "class"); e != nil {
		return e
	}
	if li.Category, e = reference(d, env, "category", li.Category, topicCategories, "category"); e != nil {
		return e
	}
	if li.GradingPeriod != nil {
		if li.GradingPeriod, e = reference(d, env, "gradingPeriod", li.GradingPeriod, topicAcademicSessions, "academicSession"); e != nil {
			return e
		}
	}
	if li.ResultValueMin != nil && li.ResultValueMax != nil && *li.ResultValueMin >= *li.ResultValueMax {
		return invalidData(env+".resultValueMax", fmt.Sprintf("lineItem.resultValueMax (%v) must be greater than lineItem.resultValueMin (%v)",
			float64(*li.ResultValueMax), float64(*li.ResultValueMin)))
	}
	return nil
}

// scoreStatuses are the accepted scoreStatus values, the 1.1 binding's
// misspelling included.
var scoreStatuses = []string{
	model.ScoreStatusExempt, model.ScoreStatusFullyGraded, model.ScoreStatusNotSubmitted,
	model.ScoreStatusPartiallyGraded, model.ScoreStatusSubmitted, model.ScoreStatusNotSubmittedMisspelt,
}

// checkResultRefs checks a result's line item and student, which both
// versions require, and puts them into canonical form.
func checkResultRefs(d *district, res *model.Result) *apiError {
	var e *apiError
	if res.LineItem, e = reference(d, "result", "lineItem", res.LineItem, topicLineItems, "lineItem"); e != nil {
		return e
	}
	res.Student, e = reference(d, "result", "student", res.Student, topicStudents, "user")
	return e
}

func checkResult(d *district, rec record) *apiError {
	res := recordAs[model.Result](rec)
	const env = "result"
	if e := checkResultRefs(d, res); e != nil {
		return e
	}
	if e := required(env, "scoreStatus", res.ScoreStatus); e != nil {
		return e
	}
	valid := false
	for _, s := range scoreStatuses {
		valid = valid || s == res.ScoreStatus
	}
	if !valid {
		return invalidData(env+".scoreStatus", fmt.Sprintf("result.scoreStatus %q is not one of: %s", res.ScoreStatus, strings.Join(scoreStatuses[:5], ", ")))
	}
	return dateField(env, "scoreDate", res.ScoreDate, false)
}

// foldRefs rewrites the references of a gradebook record to the stored
// spelling of their sourcedIds, for the CaseInsensitiveIDs quirk.
func foldRefs(d *district, rec record) {
	fold := func(ref *model.Ref, t *topic) {
		if ref != nil {
			ref.SourcedID = foldID(t.list(d), ref.SourcedID)
		}
	}
	switch v := rec.(type) {
	case *model.LineItem:
		fold(v.Class, topicClasses)
		fold(v.Category, topicCategories)
		fold(v.GradingPeriod, topicAcademicSessions)
		fold(v.School, topicSchools)
		fold(v.AcademicSession, topicAcademicSessions)
		fold(v.ScoreScale, topicScoreScales)
	case *model.Result:
		fold(v.LineItem, topicLineItems)
		fold(v.Student, topicStudents)
		fold(v.Class, topicClasses)
		fold(v.ScoreScale, topicScoreScales)
	case *model.ScoreScale:
		fold(v.Class, topicClasses)
		fold(v.Course, topicCourses)
	case *model.AssessmentLineItem:
		fold(v.Class, topicClasses)
		fold(v.ParentAssessmentLineItem, topicAssessmentLineItems)
		fold(v.ScoreScale, topicScoreScales)
	case *model.AssessmentResult:
		fold(v.AssessmentLineItem, topicAssessmentLineItems)
		fold(v.Student, topicStudents)
		fold(v.ScoreScale, topicScoreScales)
	}
}

// clampScore brings a result's score into its line item's range, for the
// ClampScores quirk: what a gradebook that enforces the range stores.
func clampScore(d *district, rec record) {
	var score **model.Number
	var lo, hi *model.Number
	switch res := rec.(type) {
	case *model.Result:
		li, ok := topicLineItems.get(d, model.RefID(res.LineItem)).(*model.LineItem)
		if !ok {
			return
		}
		score, lo, hi = &res.Score, li.ResultValueMin, li.ResultValueMax
	case *model.AssessmentResult:
		li, ok := topicAssessmentLineItems.get(d, model.RefID(res.AssessmentLineItem)).(*model.AssessmentLineItem)
		if !ok {
			return
		}
		score, lo, hi = &res.Score, li.ResultValueMin, li.ResultValueMax
	default:
		return
	}
	if *score == nil {
		return
	}
	v := float64(**score)
	if hi != nil {
		v = min(v, float64(*hi))
	}
	if lo != nil {
		v = max(v, float64(*lo))
	}
	*score = model.NumberPtr(v)
}
