package provider_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/edu-iac/terraform-provider-oneroster/internal/acctest"
	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// Servers without nested routes (the Ed-Fi OneRoster server has none):
// the data sources read a route's records through its flat equivalent
// where the server allows its filter, and name the route and the filter
// where it does not.

// scopedRead is one nested route of a rostering list data source, as
// the catalog describes it, with the sandbox's ids filled in.
type scopedRead struct {
	ds    string            // list data source, without the prefix
	route oneroster.Route   // the catalog's route (1.2)
	ids   map[string]string // by route param
	path  string            // the route's request path
}

// scopedReads lists every nested route of every rostering list data
// source in the 1.2 catalog, with ids from the sandbox's sample.
func scopedReads(t *testing.T, s sandbox.Sample) []scopedRead {
	t.Helper()
	idOf := map[string]string{"school": s.School, "term": s.Term, "course": s.Course, "student": s.Student, "teacher": s.Teacher,
		"user": s.Student, "class": s.Class}
	var out []scopedRead
	for ds, collection := range listTopicsWithResources() {
		info, ok := oneroster.CatalogV1p2.Lookup(collection)
		if !ok {
			t.Fatalf("the 1.2 catalog has no %s", collection)
		}
		for _, r := range info.Routes {
			ids := map[string]string{}
			for _, p := range placeholders(r.Path) {
				ids[p] = idOf[p]
			}
			out = append(out, scopedRead{ds: ds, route: r, ids: ids, path: oneroster.ExpandPath(r.Path, ids)})
		}
	}
	slices.SortFunc(out, func(a, b scopedRead) int {
		return strings.Compare(a.ds+a.path+fmt.Sprint(a.route.Params), b.ds+b.path+fmt.Sprint(b.route.Params))
	})
	return out
}

// listTopicsWithResources are listTopics and oneroster_resources.
func listTopicsWithResources() map[string]string {
	out := map[string]string{"resources": "resources"}
	for ds, collection := range listTopics {
		out[ds] = collection
	}
	return out
}

// config is the data source reading r, named n.
func (r scopedRead) config(n int) string {
	var args strings.Builder
	for _, p := range r.route.Params {
		fmt.Fprintf(&args, "  %s_sourced_id = %q\n", snake(p), r.ids[p])
	}
	return fmt.Sprintf("data %q \"s%d\" {\n%s}\n", "oneroster_"+r.ds, n, args.String())
}

// placeholders lists the {params} of a catalog path, derived ones too.
func placeholders(path string) []string {
	var out []string
	for _, seg := range strings.Split(path, "/") {
		if strings.HasPrefix(seg, "{") {
			out = append(out, strings.Trim(seg, "{}"))
		}
	}
	return out
}

func snake(s string) string {
	var b strings.Builder
	for _, c := range s {
		if c >= 'A' && c <= 'Z' {
			b.WriteByte('_')
			c += 'a' - 'A'
		}
		b.WriteRune(c)
	}
	return b.String()
}

// refusedField is the first field of r's flat equivalent that filters
// allows no filter on, "" when it allows them all.
func (r scopedRead) refusedField(collection string, filters map[string][]string) string {
	allowed, listed := filters[collection]
	for _, f := range r.route.Flat.Filters {
		if listed && !slices.Contains(allowed, f.Field) {
			return f.Field
		}
	}
	return ""
}

// Against the Ed-Fi-like sandbox (1.2, sandbox.EdFiQuirks): every list
// data source reads its whole topic and every single data source its
// record; a scope whose flat filter the server allows reads the route's
// records; every other scope fails naming the route, and the filter the
// server refused or why there is none, never an unknown id.
func TestAccEdFi_rostering(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{Quirks: sandbox.EdFiQuirks()})
	s := sb.Server.Sample()
	provider := clientCredentialsProvider(sb.BaseURLV1p2, sb.TokenURL, sandbox.ClientSecret, "")
	filters := sandbox.EdFiQuirks().FilterFields

	var cfg strings.Builder
	cfg.WriteString(provider)
	var checks []statecheck.StateCheck
	for ds, collection := range listTopicsWithResources() {
		fmt.Fprintf(&cfg, "data %q \"all\" {}\n", "oneroster_"+ds)
		checks = append(checks, sizeCheck("data.oneroster_"+ds+".all", ds, sb.Server.Count(collection)))
	}
	singles := map[string]string{
		"org": s.District, "school": s.School, "class": s.Class, "course": s.Course, "user": s.Student,
		"student": s.Student, "teacher": s.Teacher, "term": s.Term, "academic_session": s.SchoolYear,
		"grading_period": s.GradingPeriod, "enrollment": s.Enrollment, "demographic": s.Student,
	}
	for name, id := range singles {
		fmt.Fprintf(&cfg, "data %q \"x\" {\n  sourced_id = %q\n}\n", "oneroster_"+name, id)
		checks = append(checks, statecheck.ExpectKnownValue("data.oneroster_"+name+".x", tfjsonpath.New("sourced_id"), knownvalue.StringExact(id)))
	}
	student, ok := sandboxRecord[model.User](sb.Server, "users", s.Student)
	if !ok || student.PrimaryOrg == nil {
		t.Fatalf("the sandbox's student %s has no primaryOrg to compare with", s.Student)
	}
	checks = append(checks,
		// Derived from the primary role: the server sends no primaryOrg.
		statecheck.ExpectKnownValue("data.oneroster_student.x", tfjsonpath.New("primary_org_sourced_id"), knownvalue.StringExact(student.PrimaryOrg.SourcedID)),
		// Read from {"demographic": …}; a string boolean.
		statecheck.ExpectKnownValue("data.oneroster_user.x", tfjsonpath.New("enabled_user"), knownvalue.Bool(bool(*student.EnabledUser))),
	)
	steps := []resource.TestStep{}
	allowed := 0
	for i, r := range scopedReads(t, s) {
		switch refused := r.refusedField(listTopicsWithResources()[r.ds], filters); {
		case len(r.route.Flat.Filters) > 0 && refused == "":
			want := sb.Server.CountPath(r.path)
			if want == 0 {
				t.Fatalf("the sandbox serves no records at %s: the test would prove nothing", r.path)
			}
			cfg.WriteString(r.config(i))
			checks = append(checks, sizeCheck(fmt.Sprintf("data.oneroster_%s.s%d", r.ds, i), r.ds, want))
			allowed++
		case refused != "":
			steps = append(steps, resource.TestStep{
				Config:      provider + r.config(i),
				PlanOnly:    true,
				ExpectError: wrappedText(r.path, "refused the same records read as", "?filter="+r.route.Flat.Filters[0].Field, "does not allow to filter on "+refused),
			})
		default:
			steps = append(steps, resource.TestStep{
				Config:      provider + r.config(i),
				PlanOnly:    true,
				ExpectError: wrappedText(r.path, "no filter of the collection selects these records instead", r.route.Flat.None),
			})
		}
	}
	if allowed == 0 || len(steps) == 0 {
		t.Fatalf("%d scoped reads through allowed filters and %d refused: the test would prove little", allowed, len(steps))
	}
	steps = append([]resource.TestStep{{Config: cfg.String(), ConfigStateChecks: checks}}, steps...)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		Steps:                    steps,
	})
}

// With only NoNestedRoutes, on either version, every scope with a flat
// equivalent reads exactly what its route serves on a server with it.
func TestAccNoNestedRoutes_scopesReadTheirFlatEquivalents(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{Quirks: sandbox.Quirks{RouteQuirks: sandbox.RouteQuirks{NoNestedRoutes: http.StatusNotFound}}})
	s := sb.Server.Sample()
	var data strings.Builder
	var checks []statecheck.StateCheck
	for i, r := range scopedReads(t, s) {
		if len(r.route.Flat.Filters) == 0 {
			continue
		}
		want := sb.Server.CountPath(r.path)
		if want == 0 {
			t.Fatalf("the sandbox serves no records at %s: the test would prove nothing", r.path)
		}
		data.WriteString(r.config(i))
		checks = append(checks, sizeCheck(fmt.Sprintf("data.oneroster_%s.s%d", r.ds, i), r.ds, want))
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		Steps: []resource.TestStep{
			{Config: clientCredentialsProvider(sb.BaseURL, sb.TokenURL, sandbox.ClientSecret, "") + data.String(), ConfigStateChecks: checks},
			{Config: clientCredentialsProvider(sb.BaseURLV1p2, sb.TokenURL, sandbox.ClientSecret, "") + data.String(), ConfigStateChecks: checks},
		},
	})
}

// A 1.2 gradebook without the nested results route: the result set lists
// a line item's results from /results?filter=lineItem.sourcedId='…', and
// creates, refreshes, imports and destroys as on any server.
func TestAccResultSetV1p2_withoutNestedResultsRoute(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{Quirks: sandbox.Quirks{RouteQuirks: sandbox.RouteQuirks{NoNestedRoutes: http.StatusNotFound}}})
	putQuiz(t, sb)
	st := activeStudents(t, sb.Server, 3)
	provider := clientCredentialsProvider(sb.BaseURLV1p2, sb.TokenURL, sandbox.ClientSecret, "")
	scores := map[string]float64{st[0]: 5, st[1]: 6, st[2]: 7}
	stored := func(*terraform.State) error {
		held := quizResults(sb.Server)
		if len(held) != len(scores) {
			return fmt.Errorf("the server has results of quiz-1 for %v, want %d students", held, len(scores))
		}
		if n := sb.Server.RequestsUnder(sandbox.BasePathGradebookV1p2, "/results"); n == 0 {
			return fmt.Errorf("no request to %s/results: the results were not listed through the flat equivalent", sandbox.BasePathGradebookV1p2)
		}
		return nil
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories(),
		CheckDestroy: func(*terraform.State) error {
			if held := quizResults(sb.Server); len(held) != 0 {
				return fmt.Errorf("results of quiz-1 left after destroy: %v", held)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{PreConfig: sb.Server.ResetRequests, Config: quizV1p2Config(provider, scores), Check: stored},
			{
				// Refresh reads the same results back: nothing to do.
				PreConfig: sb.Server.ResetRequests,
				Config:    quizV1p2Config(provider, scores),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
				Check: stored,
			},
			{
				ResourceName: resultSetAddr, ImportState: true, ImportStateId: "quiz-1",
				ImportStateVerify: true, ImportStateVerifyIdentifierAttribute: "line_item_sourced_id",
			},
		},
	})
}

// The read through a flat equivalent says so once, however many pages
// it reads: one warning naming the route and the filter.
func TestAccEdFi_flatReadWarnsOnce(t *testing.T) {
	sb := acctest.Sandbox(t, sandbox.Options{Quirks: sandbox.EdFiQuirks()})
	s := sb.Server.Sample()
	provider := clientCredentialsProvider(sb.BaseURLV1p2, sb.TokenURL, sandbox.ClientSecret, "")
	w := newCLIWorkspace(t, map[string]string{"main.tf": requiredProviders + provider + fmt.Sprintf(`
data "oneroster_classes" "school" {
  school_sourced_id = %q
}

output "classes" {
  value = length(data.oneroster_classes.school.classes)
}
`, s.School)})
	out := strings.Join(strings.Fields(w.mustRun("apply", "-auto-approve", "-no-color", "-input=false")), " ")
	if n := strings.Count(out, "Warning: Read classes without the server's nested route"); n != 1 {
		t.Errorf("%d warnings about the flat read, want one:\n%s", n, out)
	}
	for _, want := range []string{"/schools/" + s.School + "/classes (it answered 404 Not Found)", "/classes with the filter school.sourcedId='" + s.School + "'",
		fmt.Sprintf("classes = %d", sb.Server.CountPath("/schools/"+s.School+"/classes"))} {
		if !strings.Contains(out, want) {
			t.Errorf("the apply does not say %q:\n%s", want, out)
		}
	}
}
