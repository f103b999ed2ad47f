package oneroster

import "testing"

func TestBuildFilter(t *testing.T) {
	cases := []struct {
		name    string
		clauses []Clause
		logic   string
		want    string
		wantErr bool
	}{
		{name: "empty", want: ""},
		{name: "apostrophe", clauses: []Clause{{"familyName", "=", "O'Brien"}}, want: "familyName='O''Brien'"},
		{name: "unicode and AND", clauses: []Clause{{"givenName", "~", "Zoë"}, {"role", "=", "student"}}, logic: "and", want: "givenName~'Zoë' AND role='student'"},
		{name: "OR", clauses: []Clause{{"grades", "=", "09"}, {"grades", "=", "10"}}, logic: "OR", want: "grades='09' OR grades='10'"},
		{name: "dotted field", clauses: []Clause{{"school.sourcedId", "!=", "s1"}}, want: "school.sourcedId!='s1'"},
		{name: "bad operator", clauses: []Clause{{"role", "==", "x"}}, wantErr: true},
		{name: "bad field", clauses: []Clause{{"role' OR 1=1", "=", "x"}}, wantErr: true},
		{name: "bad logic", clauses: []Clause{{"a", "=", "b"}}, logic: "XOR", wantErr: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := BuildFilter(tc.clauses, tc.logic)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tc.wantErr)
			}
			if got != tc.want {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}
}
