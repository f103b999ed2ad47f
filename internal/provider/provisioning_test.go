package provider_test

import (
	"fmt"
	"maps"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/edu-iac/terraform-provider-oneroster/internal/acctest"
	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// The patterns of the guide "Provisioning accounts and groups from rosters"
// (templates/guides/provisioning-accounts-and-groups.md.tmpl), with the
// built-in terraform_data standing in for azuread_user and azuread_group so
// that they run offline under both CLIs. Every expected key and value is
// computed from the sandbox's own records, not from the provider's output.
//
// The blocks that read and shape the roster are the guide's own text: the
// test fails when the guide's copy differs.
var provisioningGuideBlocks = []string{
	// A school looked up by its identifier.
	`data "oneroster_schools" "by_identifier" {
  where = [{ field = "identifier", value = var.school_identifier }]
}

locals {
  school = one(data.oneroster_schools.by_identifier.schools)
}
`,
	// Every active student and teacher (tobedeleted ones left out).
	`data "oneroster_users" "people" {
  where = [
    { field = "role", value = "student" },
    { field = "role", value = "teacher" },
  ]
  logic = "OR"
}

locals {
  people = { for u in data.oneroster_users.people.users : u.sourced_id => u }
}
`,
	// The same with tobedeleted ones, to disable them first.
	`data "oneroster_users" "people_with_deleted" {
  where = [
    { field = "role", value = "student" },
    { field = "role", value = "teacher" },
  ]
  logic           = "OR"
  include_deleted = true
}
`,
	// A school's classes and their members.
	`data "oneroster_classes" "school" {
  school_sourced_id = local.school.sourced_id
}

data "oneroster_enrollments" "school" {
  school_sourced_id = local.school.sourced_id
}

locals {
  # class sourced_id => sourced_ids of its enrolled students and teachers
  class_members = {
    for e in data.oneroster_enrollments.school.enrollments :
    e.class_sourced_id => e.user_sourced_id...
    if contains(["student", "teacher"], e.role) && can(local.people[e.user_sourced_id])
  }
}
`,
	// One membership per (class, person) pair.
	`locals {
  class_memberships = merge([
    for class_id, members in local.class_members : {
      for user_id in distinct(members) : "${class_id}/${user_id}" => { class = class_id, user = user_id }
    }
  ]...)
}
`,
	// The teachers of the school.
	`data "oneroster_teachers" "school" {
  school_sourced_id = local.school.sourced_id
}
`,
	// Only what changed since a date.
	`data "oneroster_users" "changed" {
  where = [{ field = "date_last_modified", operator = ">", value = var.changed_since }]
}

output "changed_people" {
  description = "Students and teachers whose SIS record changed since var.changed_since, for review."
  value = sort([
    for u in data.oneroster_users.changed.users : u.sourced_id if contains(["student", "teacher"], u.role)
  ])
}
`,
}

const provisioningGuide = "../../templates/guides/provisioning-accounts-and-groups.md.tmpl"

// provisioningResources stand in for the guide's azuread resources.
const provisioningResources = `
variable "school_identifier" {
  type = string
}

variable "changed_since" {
  type = string
}

variable "family_name_first" {
  type    = bool
  default = false
}

locals {
  display_names = {
    for id, u in local.people : id => (var.family_name_first ? "${u.family_name}, ${u.given_name}" : "${u.given_name} ${u.family_name}")
  }
}

# One account per person, keyed by sourcedId.
resource "terraform_data" "account" {
  for_each = local.people
  input = {
    user_principal_name = "${each.value.username}@sandbox-usd.example.org"
    display_name        = local.display_names[each.key]
    employee_id         = each.value.identifier
    role                = each.value.role
  }
}

# Disabled rather than left out: enabled only while active.
resource "terraform_data" "account_enabled" {
  for_each = { for u in data.oneroster_users.people_with_deleted.users : u.sourced_id => u }
  input    = each.value.status == "active"
}

# One group per class of the school.
resource "terraform_data" "class_group" {
  for_each = { for c in data.oneroster_classes.school.classes : c.sourced_id => c }
  input = {
    display_name = "${each.value.title} (${each.value.class_code})"
    members      = sort(distinct(lookup(local.class_members, each.key, [])))
  }
}

resource "terraform_data" "class_membership" {
  for_each = local.class_memberships
  input    = each.value
}

# The teachers of the school, as one group.
resource "terraform_data" "school_teachers" {
  input = sort([for t in data.oneroster_teachers.school.teachers : t.sourced_id])
}

# Keyed by name instead: what not to do (a renamed teacher is a new key).
resource "terraform_data" "teacher_by_name" {
  for_each = { for t in data.oneroster_teachers.school.teachers : local.display_names[t.sourced_id] => t.sourced_id }
  input    = each.value
}
`

var provisioningConfig = strings.Join(provisioningGuideBlocks, "\n") + provisioningResources

// provisioningWorld is what the sandbox says the configuration above must
// produce.
type provisioningWorld struct {
	schoolID, schoolIdentifier string
	people                     map[string]model.User // active students and teachers
	allPeople                  map[string]model.User // tobedeleted ones too
	classMembers               map[string][]string   // class of the school => sorted member ids
	schoolTeachers             []string              // sorted
	changedSince               string
	changed                    []string // sorted
}

func isPerson(u model.User) bool { return u.Role == "student" || u.Role == "teacher" }

func computeProvisioningWorld(t *testing.T, sb *sandbox.Running) provisioningWorld {
	t.Helper()
	srv := sb.Server
	w := provisioningWorld{schoolID: srv.Sample().School, people: map[string]model.User{}, allPeople: map[string]model.User{}, classMembers: map[string][]string{}}
	school, ok := srv.Record("schools", w.schoolID)
	if !ok {
		t.Fatalf("sandbox has no school %s", w.schoolID)
	}
	w.schoolIdentifier = school.(model.Org).Identifier
	for _, id := range srv.SourcedIDs("schools") {
		if r, _ := srv.Record("schools", id); id != w.schoolID && r.(model.Org).Identifier == w.schoolIdentifier {
			t.Fatalf("schools %s and %s share the identifier %q: the lookup would be ambiguous", id, w.schoolID, w.schoolIdentifier)
		}
	}

	var stamps []string
	for _, id := range srv.SourcedIDs("users") {
		r, _ := srv.Record("users", id)
		u := r.(model.User)
		if !isPerson(u) {
			continue
		}
		w.allPeople[id] = u
		if u.IsDeleted() {
			continue
		}
		w.people[id] = u
		stamps = append(stamps, u.DateLastModified)
		if u.Role == "teacher" && slices.Contains(model.RefIDs(u.Orgs), w.schoolID) {
			w.schoolTeachers = append(w.schoolTeachers, id)
		}
	}
	if len(w.allPeople) == len(w.people) {
		t.Fatal("the sandbox has no tobedeleted student or teacher: skipping them would prove nothing")
	}
	sort.Strings(w.schoolTeachers)
	if len(w.schoolTeachers) == 0 {
		t.Fatalf("school %s has no teacher: the teachers' group would prove nothing", w.schoolID)
	}

	// The median stamp splits the people into changed and unchanged.
	sort.Strings(stamps)
	w.changedSince = stamps[len(stamps)/2]
	for id, u := range w.people {
		if u.DateLastModified > w.changedSince {
			w.changed = append(w.changed, id)
		}
	}
	sort.Strings(w.changed)
	if len(w.changed) == 0 || len(w.changed) == len(w.people) {
		t.Fatalf("%d of %d people changed after %s: the filter would prove nothing", len(w.changed), len(w.people), w.changedSince)
	}

	for _, id := range srv.SourcedIDs("classes") {
		r, _ := srv.Record("classes", id)
		if c := r.(model.Class); !c.IsDeleted() && model.RefID(c.School) == w.schoolID {
			w.classMembers[id] = []string{}
		}
	}
	skippedDeleted := false
	for _, id := range srv.SourcedIDs("enrollments") {
		r, _ := srv.Record("enrollments", id)
		e := r.(model.Enrollment)
		members, ofSchool := w.classMembers[model.RefID(e.Class)]
		if !ofSchool || e.IsDeleted() || (e.Role != "student" && e.Role != "teacher") {
			continue
		}
		user := model.RefID(e.User)
		if _, ok := w.people[user]; !ok {
			skippedDeleted = true
			continue
		}
		if !slices.Contains(members, user) {
			w.classMembers[model.RefID(e.Class)] = append(members, user)
		}
	}
	if !skippedDeleted {
		t.Log("no enrollment of the school names a tobedeleted user; the members filter is not exercised by this district")
	}
	nonEmpty := 0
	for class, members := range w.classMembers {
		sort.Strings(members)
		w.classMembers[class] = members
		if len(members) > 0 {
			nonEmpty++
		}
	}
	if nonEmpty == 0 {
		t.Fatalf("no class of school %s has members: the groups would prove nothing", w.schoolID)
	}
	return w
}

func (w provisioningWorld) displayName(id string, familyFirst bool) string {
	u := w.people[id]
	if familyFirst {
		return u.FamilyName + ", " + u.GivenName
	}
	return u.GivenName + " " + u.FamilyName
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func instanceAddr(addr, key string) string { return fmt.Sprintf("%s[%q]", addr, key) }

// expectKeys fails unless the for_each keys of addr are exactly want.
func expectKeys(t *testing.T, st shownState, addr string, want []string) map[string]shownResource {
	t.Helper()
	got := st.instances(t, addr)
	if keys := sortedKeys(got); !slices.Equal(keys, want) {
		t.Errorf("%s has instance keys %q, want %q", addr, keys, want)
	}
	return got
}

// The guide's patterns, applied, then applied again with every display
// name changed: accounts, class groups, a school's teachers, tobedeleted
// users left out (or disabled), the changed-since filter, and for_each
// keys that survive renames.
func TestAccProvisioning_accountsAndGroups(t *testing.T) {
	raw, err := os.ReadFile(provisioningGuide)
	if err != nil {
		t.Fatal(err)
	}
	for _, block := range provisioningGuideBlocks {
		if !strings.Contains(string(raw), block) {
			t.Errorf("%s no longer shows this block, which the test runs:\n%s", provisioningGuide, block)
		}
	}

	sb := acctest.Sandbox(t, sandbox.Options{})
	w := computeProvisioningWorld(t, sb)
	names := map[string]bool{}
	for _, id := range w.schoolTeachers {
		for _, familyFirst := range []bool{false, true} {
			n := w.displayName(id, familyFirst)
			if names[n] {
				t.Fatalf("two teachers of %s are both called %q: the name-keyed resource cannot be planned", w.schoolID, n)
			}
			names[n] = true
		}
	}
	ws := newCLIWorkspace(t, map[string]string{"main.tf": requiredProviders + providerConfig(sb, "") + provisioningConfig})
	vars := func(familyFirst bool) []string {
		return []string{
			"-var=school_identifier=" + w.schoolIdentifier,
			"-var=changed_since=" + w.changedSince,
			fmt.Sprintf("-var=family_name_first=%t", familyFirst),
		}
	}

	// First apply: every account and group is created under its sourcedId.
	ws.mustRun(append([]string{"plan", "-input=false", "-no-color", "-out=first.tfplan"}, vars(false)...)...)
	ws.mustRun("apply", "-input=false", "-no-color", "first.tfplan")
	var st shownState
	ws.showJSON(&st)

	accounts := expectKeys(t, st, "terraform_data.account", sortedKeys(w.people))
	if _, ok := accounts[sb.Server.Sample().DeletedUser]; ok {
		t.Errorf("the tobedeleted user %s got an account", sb.Server.Sample().DeletedUser)
	}
	for id, u := range w.people {
		r, ok := accounts[id]
		if !ok {
			continue
		}
		var got map[string]string
		r.output(t, &got)
		want := map[string]string{
			"user_principal_name": u.Username + "@sandbox-usd.example.org",
			"display_name":        w.displayName(id, false),
			"employee_id":         u.Identifier,
			"role":                u.Role,
		}
		if !maps.Equal(got, want) {
			t.Errorf("%s = %v, want %v", r.Address, got, want)
		}
	}

	for id, r := range expectKeys(t, st, "terraform_data.account_enabled", sortedKeys(w.allPeople)) {
		var enabled bool
		r.output(t, &enabled)
		if want := !w.allPeople[id].IsDeleted(); enabled != want {
			t.Errorf("%s = %t, want %t (status %s)", r.Address, enabled, want, w.allPeople[id].Status)
		}
	}

	for class, r := range expectKeys(t, st, "terraform_data.class_group", sortedKeys(w.classMembers)) {
		var got struct {
			Members []string `json:"members"`
		}
		r.output(t, &got)
		if want := w.classMembers[class]; !slices.Equal(got.Members, want) {
			t.Errorf("%s has members %q; the sandbox enrolls %q", r.Address, got.Members, want)
		}
	}

	var pairs []string
	for class, members := range w.classMembers {
		for _, user := range members {
			pairs = append(pairs, class+"/"+user)
		}
	}
	sort.Strings(pairs)
	for key, r := range expectKeys(t, st, "terraform_data.class_membership", pairs) {
		var got map[string]string
		r.output(t, &got)
		if want := strings.SplitN(key, "/", 2); got["class"] != want[0] || got["user"] != want[1] {
			t.Errorf("%s = %v, want class %s and user %s", r.Address, got, want[0], want[1])
		}
	}

	var teachers []string
	for _, r := range st.Values.RootModule.Resources {
		if r.Address == "terraform_data.school_teachers" {
			r.output(t, &teachers)
		}
	}
	if !slices.Equal(teachers, w.schoolTeachers) {
		t.Errorf("terraform_data.school_teachers = %q, want %q", teachers, w.schoolTeachers)
	}

	var changed []string
	st.output(t, "changed_people", &changed)
	if !slices.Equal(changed, w.changed) {
		t.Errorf("changed_people = %q, want the %d people changed after %s: %q", changed, len(w.changed), w.changedSince, w.changed)
	}

	// Nothing changed in the SIS: nothing to do (exit status 0, not 2).
	if out, err := ws.run(append([]string{"plan", "-input=false", "-no-color", "-detailed-exitcode"}, vars(false)...)...); err != nil {
		t.Fatalf("the second plan is not empty: %v\n%s", err, out)
	}

	// Every display name changes: sourcedId keys update in place, name keys
	// are destroyed and created again, groups are untouched.
	ws.mustRun(append([]string{"plan", "-input=false", "-no-color", "-out=rename.tfplan"}, vars(true)...)...)
	var plan shownPlan
	ws.showJSON(&plan, "rename.tfplan")
	actions := plan.actions()
	expect := func(addr, want string) {
		t.Helper()
		if got := actions[addr]; got != want {
			t.Errorf("renaming plans %q for %s, want %q", got, addr, want)
		}
	}
	for id := range w.people {
		expect(instanceAddr("terraform_data.account", id), "update")
	}
	for _, id := range w.schoolTeachers {
		expect(instanceAddr("terraform_data.teacher_by_name", w.displayName(id, false)), "delete")
		expect(instanceAddr("terraform_data.teacher_by_name", w.displayName(id, true)), "create")
	}
	for class := range w.classMembers {
		expect(instanceAddr("terraform_data.class_group", class), "no-op")
	}
	for _, pair := range pairs {
		expect(instanceAddr("terraform_data.class_membership", pair), "no-op")
	}
	expect("terraform_data.school_teachers", "no-op")

	ws.mustRun("apply", "-input=false", "-no-color", "rename.tfplan")
	var renamed shownState
	ws.showJSON(&renamed)
	for id, r := range expectKeys(t, renamed, "terraform_data.account", sortedKeys(w.people)) {
		var got map[string]string
		r.output(t, &got)
		if want := w.displayName(id, true); got["display_name"] != want {
			t.Errorf("%s has display_name %q after the rename, want %q", r.Address, got["display_name"], want)
		}
	}
}
