package provider

import (
	"context"
	"sort"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
)

// Every optional string of a set's entry takes "" as unset, and only
// those: entryOptionalStrings names exactly the entry's optional,
// configurable string attributes.
func TestResultSetBlankStringsCoverTheSchema(t *testing.T) {
	var resp resource.SchemaResponse
	(&resultSetResource{}).Schema(context.Background(), resource.SchemaRequest{}, &resp)
	entry := resp.Schema.Attributes["results"].(schema.MapNestedAttribute).NestedObject.Attributes
	var want, got []string
	for name, a := range entry {
		if s, ok := a.(schema.StringAttribute); ok && s.Optional {
			want = append(want, name)
		}
	}
	for name := range entryOptionalStrings(&resultSetEntry{}) {
		got = append(got, name)
	}
	sort.Strings(want)
	sort.Strings(got)
	if len(want) == 0 || len(want) != len(got) {
		t.Fatalf("entryOptionalStrings names %v, the entry's optional strings are %v", got, want)
	}
	for i := range want {
		if want[i] != got[i] {
			t.Fatalf("entryOptionalStrings names %v, the entry's optional strings are %v", got, want)
		}
	}
}
