package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// A misspelt topic gets the closest one; a gradebook collection, in any
// spelling, points to grades_enabled; a name near nothing gets the list.
func TestConnectionTopicsSuggest(t *testing.T) {
	var resp resource.SchemaResponse
	newConnectionResource().Schema(context.Background(), resource.SchemaRequest{}, &resp)
	topics := resp.Schema.Attributes["topics"].(schema.ListAttribute)
	validate := func(value string) string {
		var out validator.ListResponse
		for _, v := range topics.Validators {
			v.ValidateList(context.Background(), validator.ListRequest{
				Path: path.Root("topics"), ConfigValue: stringList([]string{"orgs", value}),
			}, &out)
		}
		var msgs []string
		for _, d := range out.Diagnostics.Errors() {
			msgs = append(msgs, d.Summary()+": "+d.Detail())
		}
		return strings.Join(msgs, "\n")
	}
	cases := map[string][]string{
		"students":          nil,
		"academicSessions":  nil,
		"studnets":          {`did you mean "students"?`, "Allowed: "},
		"Teachers":          {`did you mean "teachers"?`},
		"academic_sessions": {`did you mean "academicSessions"?`},
		"lineItems":         {`"lineItems", a gradebook collection`, "Set grades_enabled = true", `remove "lineItems" from topics`},
		"line_items":        {"a gradebook collection", "grades_enabled = true"},
		"categories":        {"a gradebook collection", "grades_enabled = true"},
		"scoreScales":       {"a gradebook collection", "grades_enabled = true"},
		"results":           {"a gradebook collection", "grades_enabled = true"},
		"xyzzy-widgets":     {`"xyzzy-widgets", which is not a topic. Allowed: orgs`},
	}
	for value, wants := range cases {
		got := validate(value)
		if len(wants) == 0 && got != "" {
			t.Errorf("%q: unexpected error %s", value, got)
		}
		if len(wants) > 0 && !strings.Contains(got, "topics[1]") {
			t.Errorf("%q: the error does not name the element: %s", value, got)
		}
		for _, want := range wants {
			if !strings.Contains(got, want) {
				t.Errorf("%q: the error does not say %q:\n%s", value, want, got)
			}
		}
		if strings.Contains(got, "did you mean") && strings.Contains(got, "gradebook collection") {
			t.Errorf("%q: both a suggestion and the gradebook hint: %s", value, got)
		}
	}
}
