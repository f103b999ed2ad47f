package provider_test

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/edu-iac/terraform-provider-oneroster/internal/acctest"
	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
	"github.com/edu-iac/terraform-provider-oneroster/internal/provider"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// The provider's server answers ReadDataSource for list data sources
// without the framework (list_state.go). These tests hold it to the
// framework's answer, computed by the same data source's Read on the
// framework's server alone: the same state, value for value (nulls
// included), and the same diagnostics, for every list data source and for
// the arguments that change what a record holds.

// listReadCase is one read, asked of both servers.
type listReadCase struct {
	name     string
	typeName string
	args     map[string]tftypes.Value // the others are null
}

func TestListStateMatchesFramework(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{District: sandbox.DistrictSpec{Users: 250}})
	sample := sb.Server.Sample()
	addOddGradebookRecords(t, sb)
	seedV1p2Gradebook(t, sb)
	objectiveScores := addObjectiveScores(t, sb)

	direct := configuredServer(t, provider.NewServer("test"), sb)
	framework := configuredServer(t, providerserver.NewProtocol6WithError(provider.New("test")()), sb)
	// The data sources only OneRoster 1.2 has read through its base URL.
	direct12 := configuredServerAt(t, provider.NewServer("test"), sb.BaseURLV1p2, sb.TokenURL)
	framework12 := configuredServerAt(t, providerserver.NewProtocol6WithError(provider.New("test")()), sb.BaseURLV1p2, sb.TokenURL)
	schemas, err := framework.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}

	var cases []listReadCase
	var lists []string
	for name, schema := range schemas.DataSourceSchemas {
		if schema.ValueType().(tftypes.Object).AttributeTypes["fields"] != nil {
			lists = append(lists, name)
		}
	}
	sort.Strings(lists)
	if len(lists) < 15 {
		t.Fatalf("found %d list data sources (%v), want every topic's", len(lists), lists)
	}
	for _, name := range lists {
		cases = append(
			cases,
			listReadCase{"all fields", name, nil},
			// Fields named either way; the others must read as null.
			listReadCase{"three fields", name, map[string]tftypes.Value{"fields": stringList("sourced_id", "dateLastModified", "metadata")}},
			listReadCase{
				"deleted included",
				name,
				map[string]tftypes.Value{"include_deleted": tftypes.NewValue(tftypes.Bool, true), "max_items": tftypes.NewValue(tftypes.Number, 40)},
			},
		)
	}
	cases = append(
		cases,
		listReadCase{"users: the bench's three fields", "oneroster_users", map[string]tftypes.Value{"fields": stringList("sourcedId", "email", "role")}},
		listReadCase{
			"users: lists and objects only",
			"oneroster_users",
			map[string]tftypes.Value{"fields": stringList("user_ids", "agents", "grades", "enabledUser")},
		},
		listReadCase{"users: where, sort, max_items", "oneroster_users", map[string]tftypes.Value{
			"where": tftypes.NewValue(whereType, []tftypes.Value{whereClause("role", "=", "student")}),
			"sort":  tftypes.NewValue(tftypes.String, "family_name"), "order_by": tftypes.NewValue(tftypes.String, "desc"),
			"max_items": tftypes.NewValue(tftypes.Number, 25),
		}},
		listReadCase{"users: filter", "oneroster_users", map[string]tftypes.Value{"filter": tftypes.NewValue(tftypes.String, "familyName='O''Brien'")}},
		listReadCase{"students of a class", "oneroster_students", map[string]tftypes.Value{"class_sourced_id": tftypes.NewValue(tftypes.String, sample.Class)}},
		listReadCase{
			"enrollments of a class (derived school)",
			"oneroster_enrollments",
			map[string]tftypes.Value{"class_sourced_id": tftypes.NewValue(tftypes.String, sample.Class)},
		},
		listReadCase{"results of a line item", "oneroster_results", map[string]tftypes.Value{
			"class_sourced_id": tftypes.NewValue(tftypes.String, sample.Class), "line_item_sourced_id": tftypes.NewValue(tftypes.String, sample.LineItem),
		}},
		listReadCase{
			"line items with numbers",
			"oneroster_line_items",
			map[string]tftypes.Value{"fields": stringList("resultValueMin", "resultValueMax", "metadata", "title")},
		},
		// Failures: the same diagnostics, and the configuration as state.
		listReadCase{"error: unknown field", "oneroster_users", map[string]tftypes.Value{"fields": stringList("email", "shoe_size")}},
		listReadCase{
			"error: unknown where field",
			"oneroster_users",
			map[string]tftypes.Value{"where": tftypes.NewValue(whereType, []tftypes.Value{whereClause("shoe_size", "=", "9")})},
		},
		listReadCase{
			"error: no such school",
			"oneroster_classes",
			map[string]tftypes.Value{"school_sourced_id": tftypes.NewValue(tftypes.String, "no-such-school")},
		},
		listReadCase{
			"error: no such class (derived)",
			"oneroster_enrollments",
			map[string]tftypes.Value{"class_sourced_id": tftypes.NewValue(tftypes.String, "no-such-class")},
		},
		listReadCase{"error: scopes that select nothing", "oneroster_classes", map[string]tftypes.Value{
			"school_sourced_id": tftypes.NewValue(tftypes.String, sample.School), "term_sourced_id": tftypes.NewValue(tftypes.String, sample.Term),
		}},
	)

	nonEmpty := 0
	// compare reads c from both servers, and returns the state.
	compare := func(t *testing.T, c listReadCase, frameworkServer, directServer tfprotov6.ProviderServer) tftypes.Value {
		dsType := schemas.DataSourceSchemas[c.typeName].ValueType()
		want := readDataSource(t, frameworkServer, dsType, c)
		got := readDataSource(t, directServer, dsType, c)
		compareDiagnostics(t, got.diags, want.diags)
		if !got.state.Equal(want.state) {
			diffs, _ := got.state.Diff(want.state)
			t.Fatalf("the states differ in %d places, first at %s:\n got %s\nwant %s", len(diffs), diffs[0].Path, diffs[0].Value1, diffs[0].Value2)
		}
		return got.state
	}
	for _, c := range cases {
		t.Run(c.typeName+"/"+c.name, func(t *testing.T) {
			frameworkServer, directServer := framework, direct
			if slices.Contains(v1p2OnlyDataSources, c.typeName) {
				frameworkServer, directServer = framework12, direct12
			}
			if n := listLength(t, compare(t, c, frameworkServer, directServer), c.typeName); n > 0 {
				nonEmpty++
			}
		})
	}
	// Numbers inside a record's objects (a 1.2 result's learning
	// objective scores) have an encoding of their own (appendMsgPackObjects).
	t.Run("oneroster_results/learning objective scores (1.2)", func(t *testing.T) {
		c := listReadCase{"learning objective scores", "oneroster_results", map[string]tftypes.Value{
			"class_sourced_id":     tftypes.NewValue(tftypes.String, sample.Class),
			"line_item_sourced_id": tftypes.NewValue(tftypes.String, objectiveScores),
			"fields":               stringList("sourcedId", "learningObjectiveSet"),
		}}
		if n := numbersInNestedObjects(compare(t, c, framework12, direct12), 0); n < len(objectiveScoreNumbers) {
			t.Fatalf("the read holds %d numbers inside a record's objects, want the %d written", n, len(objectiveScoreNumbers))
		}
	})
	// A comparison of empty lists would prove little.
	if nonEmpty < len(lists)*3 {
		t.Errorf("only %d reads returned records", nonEmpty)
	}
}

// TestListStateWithoutConfigure: a read before ConfigureProvider (which
// Terraform never sends, but a harness might) fails the same way on both
// servers, with a diagnostic rather than a panic.
func TestListStateWithoutConfigure(t *testing.T) {
	ctx := context.Background()
	direct, err := provider.NewServer("test")()
	if err != nil {
		t.Fatal(err)
	}
	framework, err := providerserver.NewProtocol6WithError(provider.New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	schemas, err := framework.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	c := listReadCase{"unconfigured", "oneroster_users", nil}
	dsType := schemas.DataSourceSchemas[c.typeName].ValueType()
	want := readDataSource(t, framework, dsType, c)
	got := readDataSource(t, direct, dsType, c)
	if len(want.diags) == 0 {
		t.Fatal("the framework read without a configured provider reported nothing")
	}
	compareDiagnostics(t, got.diags, want.diags)
	if !got.state.Equal(want.state) {
		t.Fatalf("state: got %s, want %s", got.state, want.state)
	}
}

// objectiveScoreNumbers are the learning objective scores of
// addObjectiveScores: integers of each msgpack width, negatives,
// fractions, and a whole number beyond int64.
var objectiveScoreNumbers = []float64{0, 1, -1, -33, 127, 128, 65536, 1 << 40, 0.5, 0.1, -2.75, 1e20}

// addObjectiveScores writes a 1.2 line item of the sample class and a
// result of it whose learning objective scores hold every number of
// objectiveScoreNumbers, beside objectives with a text score only. It
// returns the line item's sourcedId.
func addObjectiveScores(t *testing.T, sb *sandbox.Running) string {
	t.Helper()
	sample := sb.Server.Sample()
	c := v1p2OutOfBand(t, sb)
	lineItem := "objective-scores"
	ids := make([]string, len(objectiveScoreNumbers))
	var scores []model.LearningObjectiveResult
	for i, n := range objectiveScoreNumbers {
		ids[i] = fmt.Sprintf("lo-%d", i)
		scores = append(scores, model.LearningObjectiveResult{LearningObjectiveID: ids[i], Score: model.NumberPtr(n)})
	}
	meets := "meets"
	scores = append(scores, model.LearningObjectiveResult{LearningObjectiveID: "lo-text", TextScore: &meets})
	putOutOfBand(t, c, oneroster.LineItems, lineItem, model.LineItem{
		Base: model.Base{SourcedID: lineItem, Status: model.StatusActive}, Title: "Objectives", AssignDate: "2025-09-01", DueDate: "2025-09-08",
		Class: ref(sample.Class, "class"), Category: ref(sample.Category, "category"), School: ref(sample.School, "org"),
		AcademicSession:      ref(sample.Term, "academicSession"),
		LearningObjectiveSet: []model.LearningObjectiveSet{{Source: "case", LearningObjectiveIDs: append(ids, "lo-text")}},
	})
	for i, student := range sb.Server.ActiveSourcedIDs("students", 2) {
		id := fmt.Sprintf("%s-%d", lineItem, i)
		putOutOfBand(t, c, oneroster.Results, id, model.Result{
			Base: model.Base{SourcedID: id, Status: model.StatusActive}, LineItem: ref(lineItem, "lineItem"), Student: ref(student, "user"),
			Class: ref(sample.Class, "class"), ScoreStatus: "fully graded", ScoreDate: "2025-09-09",
			LearningObjectiveSet: []model.LearningObjectiveScoreSet{{Source: "case", LearningObjectiveResults: scores[i:]}},
		})
	}
	return lineItem
}

// numbersInNestedObjects counts the known numbers of v that sit inside
// an object at least two objects deep under depth: in a list data
// source's state (depth 0), inside an object attribute of a record.
func numbersInNestedObjects(v tftypes.Value, depth int) int {
	if !v.IsKnown() || v.IsNull() {
		return 0
	}
	if v.Type().Is(tftypes.Number) {
		if depth >= 3 {
			return 1
		}
		return 0
	}
	var elements []tftypes.Value
	if v.Type().Is(tftypes.Object{}) || v.Type().Is(tftypes.Map{}) {
		var m map[string]tftypes.Value
		_ = v.As(&m)
		for _, e := range m {
			elements = append(elements, e)
		}
	} else if v.Type().Is(tftypes.List{}) || v.Type().Is(tftypes.Set{}) {
		_ = v.As(&elements)
	}
	if v.Type().Is(tftypes.Object{}) {
		depth++
	}
	n := 0
	for _, e := range elements {
		n += numbersInNestedObjects(e, depth)
	}
	return n
}

// addOddGradebookRecords writes records with what the generated district
// lacks: metadata of every JSON type, numbers of every encoding (small and
// large integers, fractions, integers beyond int64), and fields left out.
func addOddGradebookRecords(t *testing.T, sb *sandbox.Running) {
	t.Helper()
	sample := sb.Server.Sample()
	oob := newOutOfBand(t, sb)
	numbers := []float64{
		0,
		-1,
		-32,
		-33,
		127,
		128,
		255,
		256,
		65535,
		65536,
		-129,
		-32769,
		1 << 31,
		-(1 << 31) - 1,
		1 << 40,
		0.5,
		-2.25,
		1e20,
		-1e20,
		math.MaxFloat64,
		1e-300,
	}
	meta := map[string]any{
		"s": "text", "n": 42.5, "i": 7, "b": true, "null": nil,
		"list": []any{1, "two", nil}, "obj": map[string]any{"k": []any{}}, "long": strings.Repeat("x", 300),
	}
	for i, n := range numbers {
		id := fmt.Sprintf("odd-line-item-%02d", i)
		li := model.LineItem{
			Base:  model.Base{SourcedID: id, Status: model.StatusActive, Metadata: meta},
			Title: fmt.Sprintf("Odd %d", i), AssignDate: "2025-09-01", DueDate: "2025-09-08",
			Class:    &model.Ref{SourcedID: sample.Class, Type: "class"},
			Category: &model.Ref{SourcedID: sample.Category, Type: "category"},
			// The sandbox wants max > min.
			ResultValueMin: model.NumberPtr(-math.Abs(n)), ResultValueMax: model.NumberPtr(math.Abs(n)),
		}
		if i%3 == 0 {
			li.ResultValueMax = nil
			li.Metadata = nil
		}
		oob.put("lineItems", "lineItem", id, li)
	}
	oob.put("results", "result", "odd-result", model.Result{
		Base:        model.Base{SourcedID: "odd-result", Status: model.StatusActive, Metadata: meta},
		LineItem:    &model.Ref{SourcedID: sample.LineItem, Type: "lineItem"},
		Student:     &model.Ref{SourcedID: sample.Student, Type: "user"},
		ScoreStatus: model.ScoreStatusNotSubmittedMisspelt, Score: model.NumberPtr(9.75),
	})
}

type listReadAnswer struct {
	state tftypes.Value
	diags []*tfprotov6.Diagnostic
}

func readDataSource(t *testing.T, server tfprotov6.ProviderServer, dsType tftypes.Type, c listReadCase) listReadAnswer {
	t.Helper()
	cfg := nullObject(dsType)
	for k, v := range c.args {
		if _, ok := cfg[k]; !ok {
			t.Fatalf("%s has no argument %s", c.typeName, k)
		}
		cfg[k] = v
	}
	config, err := tfprotov6.NewDynamicValue(dsType, tftypes.NewValue(dsType, cfg))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := server.ReadDataSource(context.Background(), &tfprotov6.ReadDataSourceRequest{TypeName: c.typeName, Config: &config})
	if err != nil {
		t.Fatalf("ReadDataSource: %v", err)
	}
	if resp.State == nil {
		t.Fatalf("ReadDataSource returned no state (diagnostics: %v)", resp.Diagnostics)
	}
	state, err := resp.State.Unmarshal(dsType)
	if err != nil {
		t.Fatalf("decoding the state: %v", err)
	}
	return listReadAnswer{state: state, diags: resp.Diagnostics}
}

func compareDiagnostics(t *testing.T, got, want []*tfprotov6.Diagnostic) {
	t.Helper()
	describe := func(ds []*tfprotov6.Diagnostic) string {
		var lines []string
		for _, d := range ds {
			attr := "-"
			if d.Attribute != nil {
				attr = d.Attribute.String()
			}
			lines = append(lines, fmt.Sprintf("%s | %s | %s | %s", d.Severity, attr, d.Summary, d.Detail))
		}
		return strings.Join(lines, "\n")
	}
	if g, w := describe(got), describe(want); g != w {
		t.Fatalf("diagnostics differ:\n got:\n%s\nwant:\n%s", g, w)
	}
}

// listLength is the number of records in the state's list attribute.
func listLength(t *testing.T, state tftypes.Value, typeName string) int {
	t.Helper()
	var attrs map[string]tftypes.Value
	if err := state.As(&attrs); err != nil {
		t.Fatal(err)
	}
	var records []tftypes.Value
	if err := attrs[strings.TrimPrefix(typeName, "oneroster_")].As(&records); err != nil {
		return 0 // null after a failed read
	}
	return len(records)
}

func configuredServer(t *testing.T, newServer func() (tfprotov6.ProviderServer, error), sb *sandbox.Running) tfprotov6.ProviderServer {
	t.Helper()
	return configuredServerAt(t, newServer, sb.BaseURL, sb.TokenURL)
}

// configuredServerAt is configuredServer for the base URL baseURL.
func configuredServerAt(t *testing.T, newServer func() (tfprotov6.ProviderServer, error), baseURL, tokenURL string) tfprotov6.ProviderServer {
	t.Helper()
	server, err := newServer()
	if err != nil {
		t.Fatal(err)
	}
	configureProvider(t, server, baseURL, tokenURL)
	return server
}

var whereType = tftypes.List{ElementType: tftypes.Object{AttributeTypes: map[string]tftypes.Type{
	"field": tftypes.String, "operator": tftypes.String, "value": tftypes.String,
}}}

func whereClause(field, operator, value string) tftypes.Value {
	return tftypes.NewValue(whereType.ElementType, map[string]tftypes.Value{
		"field": tftypes.NewValue(
			tftypes.String,
			field,
		), "operator": tftypes.NewValue(tftypes.String, operator), "value": tftypes.NewValue(tftypes.String, value),
	})
}

func stringList(values ...string) tftypes.Value {
	elems := make([]tftypes.Value, len(values))
	for i, v := range values {
		elems[i] = tftypes.NewValue(tftypes.String, v)
	}
	return tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, elems)
}

// TestListPageSizeFollowsMaxItems: a read that keeps max_items records asks
// for no more per page (with the default page_size of 1000, max_items = 1
// would otherwise fetch a thousand records to keep one); other reads ask for
// page_size.
func TestListPageSizeFollowsMaxItems(t *testing.T) {
	sb := sandbox.New(sandbox.Options{District: sandbox.DistrictSpec{Users: 250}})
	var mu sync.Mutex
	var limits []string
	recorder := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/users") {
			mu.Lock()
			limits = append(limits, r.URL.Query().Get("limit"))
			mu.Unlock()
		}
		sb.ServeHTTP(w, r)
	}))
	defer recorder.Close()
	server, err := provider.NewServer("test")()
	if err != nil {
		t.Fatal(err)
	}
	configureProvider(t, server, recorder.URL+sandbox.BasePath, recorder.URL+sandbox.TokenPath)
	schemas, err := server.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	dsType := schemas.DataSourceSchemas["oneroster_users"].ValueType()
	active := 0
	for _, id := range sb.SourcedIDs("users") {
		if rec, _ := sb.Record("users", id); recordActive(rec) {
			active++
		}
	}
	for _, c := range []struct {
		maxItems   any // nil: not set
		wantLimit  string
		wantLength int
	}{
		{1, "1", 1},
		{7, "7", 7},
		{nil, "1000", active},
		{5000, "1000", active},
	} {
		t.Run(fmt.Sprint("max_items=", c.maxItems), func(t *testing.T) {
			mu.Lock()
			limits = nil
			mu.Unlock()
			got := readDataSource(
				t,
				server,
				dsType,
				listReadCase{"", "oneroster_users", map[string]tftypes.Value{"max_items": tftypes.NewValue(tftypes.Number, c.maxItems)}},
			)
			if len(got.diags) > 0 {
				t.Fatalf("diagnostics: %v", got.diags)
			}
			if n := listLength(t, got.state, "oneroster_users"); n != c.wantLength {
				t.Errorf("read %d users, want %d", n, c.wantLength)
			}
			mu.Lock()
			defer mu.Unlock()
			if len(limits) == 0 || limits[0] != c.wantLimit {
				t.Errorf("limits asked: %v, want %s first", limits, c.wantLimit)
			}
		})
	}
}
