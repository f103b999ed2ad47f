package model

import (
	"encoding/json"
	"slices"
	"testing"
)

// A 1.2 teacher with a secondary role listed before the primary one, at
// another school: role is the primary role's, orgs list both schools with
// the primary one first, and the 1.2 fields are kept.
func TestUserV1p2RolesMapOntoRoleAndOrgs(t *testing.T) {
	raw := `{"sourcedId":"t1","status":"active","dateLastModified":"2025-01-01T00:00:00Z","enabledUser":"true",
		"givenName":"Ann","familyName":"Lee","preferredFirstName":"Annie","pronouns":"she/her",
		"roles":[
			{"roleType":"secondary","role":"administrator","org":{"sourcedId":"school-2"}},
			{"roleType":"primary","role":"teacher","org":{"sourcedId":"school-1"},"beginDate":"2024-08-01"},
			{"roleType":"secondary","role":"teacher","org":{"sourcedId":"school-1"}}
		]}`
	var u User
	if err := json.Unmarshal([]byte(raw), &u); err != nil {
		t.Fatal(err)
	}
	if u.Role != "teacher" {
		t.Errorf("role = %q, want the primary role teacher", u.Role)
	}
	if got := RefIDs(u.Orgs); !slices.Equal(got, []string{"school-1", "school-2"}) {
		t.Errorf("orgs = %v, want [school-1 school-2]", got)
	}
	if u.Roles[0].RoleType != RoleTypePrimary || u.Roles[0].BeginDate != "2024-08-01" || u.Roles[1].Role != "administrator" {
		t.Errorf("roles = %+v, want the primary first, then the secondaries in the server's order", u.Roles)
	}
	if u.PreferredFirstName == nil || *u.PreferredFirstName != "Annie" || u.Pronouns == nil || *u.Pronouns != "she/her" || u.PreferredLastName != nil {
		t.Errorf("preferred names/pronouns = %v %v %v", u.PreferredFirstName, u.Pronouns, u.PreferredLastName)
	}
}

// A 1.1 user decodes as before, without 1.2 fields.
func TestUserV1p1KeepsRoleAndOrgs(t *testing.T) {
	var u User
	if err := json.Unmarshal([]byte(`{"sourcedId":"s1","role":"student","orgs":[{"sourcedId":"school-1"}]}`), &u); err != nil {
		t.Fatal(err)
	}
	if u.Role != "student" || len(u.Orgs) != 1 || u.Roles != nil || u.Pronouns != nil {
		t.Errorf("1.1 user = %+v", u)
	}
}

// A 1.2 resource's role is the first of its roles; a 1.1 one keeps its
// role and has no roles.
func TestResourceRolesOfEitherVersion(t *testing.T) {
	var r12, r11 Resource
	if err := json.Unmarshal([]byte(`{"sourcedId":"r1","vendorResourceId":"v","roles":["teacher","aide"]}`), &r12); err != nil {
		t.Fatal(err)
	}
	if r12.Role != "teacher" || !slices.Equal(r12.Roles, Strings{"teacher", "aide"}) {
		t.Errorf("1.2 resource = %+v, want role teacher from roles", r12)
	}
	if err := json.Unmarshal([]byte(`{"sourcedId":"r2","vendorResourceId":"v","role":"student"}`), &r11); err != nil {
		t.Fatal(err)
	}
	if r11.Role != "student" || r11.Roles != nil {
		t.Errorf("1.1 resource = %+v", r11)
	}
}

// A 1.2 user without primaryOrg (as the Ed-Fi OneRoster server sends
// them) gets the org of its primary role; one that sends primaryOrg keeps
// it, and one with only secondary roles has none.
func TestUserV1p2PrimaryOrgFromPrimaryRole(t *testing.T) {
	for _, tc := range []struct{ name, raw, want string }{
		{"derived", `{"sourcedId":"u","roles":[{"roleType":"secondary","role":"aide","org":{"sourcedId":"s2"}},
			{"roleType":"primary","role":"teacher","org":{"sourcedId":"s1"}}]}`, "s1"},
		{"sent", `{"sourcedId":"u","primaryOrg":{"sourcedId":"district"},"roles":[{"roleType":"primary","role":"teacher","org":{"sourcedId":"s1"}}]}`, "district"},
		{"no primary role", `{"sourcedId":"u","roles":[{"roleType":"secondary","role":"aide","org":{"sourcedId":"s2"}}]}`, ""},
	} {
		var u User
		if err := json.Unmarshal([]byte(tc.raw), &u); err != nil {
			t.Fatal(err)
		}
		if got := RefID(u.PrimaryOrg); got != tc.want {
			t.Errorf("%s: primaryOrg = %q, want %q", tc.name, got, tc.want)
		}
	}
}
