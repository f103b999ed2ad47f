package oneroster

import (
	"encoding/json"
	"testing"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
)

// Every collection of every catalog reads a single record from the
// binding's wrapper and from its singular or plural twin (the Ed-Fi
// OneRoster server answers {"demographic": {…}}), and from none of the
// wrappers of other record types.
func TestSingleRecordReadsEitherWrapper(t *testing.T) {
	twin := func(name string) string {
		if s := singularOf(name); s != "" {
			return s
		}
		return pluralOf(name)
	}
	for _, cat := range Catalogs() {
		for _, info := range cat.Collections() {
			col := Collection[model.Base]{info}
			for _, wrapper := range []string{info.SingleEnvelope, twin(info.SingleEnvelope)} {
				body := map[string]json.RawMessage{wrapper: json.RawMessage(`{"sourcedId":"r1"}`)}
				rec, err := col.decodeSingle(body)
				if err != nil || rec == nil || rec.SourcedID != "r1" {
					t.Errorf("%s %s: {%q: {…}} read as %+v, %v", cat.Version, info.Name, wrapper, rec, err)
				}
			}
			for _, body := range []string{`{"other": {"sourcedId":"r1"}}`, `{"` + info.SingleEnvelope + `": null}`, `{"` + info.Envelope + `": []}`} {
				var m map[string]json.RawMessage
				if err := json.Unmarshal([]byte(body), &m); err != nil {
					t.Fatal(err)
				}
				if rec, err := col.decodeSingle(m); rec != nil || err != nil {
					t.Errorf("%s %s: %s read as %+v, %v; want no record", cat.Version, info.Name, body, rec, err)
				}
			}
		}
	}
}

func TestSingularAndPluralOfTheBindingsNames(t *testing.T) {
	for plural, singular := range map[string]string{
		"demographics": "demographic", "classes": "class", "categories": "category", "courses": "course",
		"academicSessions": "academicSession", "users": "user", "lineItems": "lineItem", "scoreScales": "scoreScale",
	} {
		if got := singularOf(plural); got != singular {
			t.Errorf("singularOf(%q) = %q, want %q", plural, got, singular)
		}
		if got := pluralOf(singular); got != plural {
			t.Errorf("pluralOf(%q) = %q, want %q", singular, got, plural)
		}
	}
}
