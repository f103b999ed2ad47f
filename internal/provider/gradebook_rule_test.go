package provider

import (
	"testing"

	"github.com/google/uuid"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The sourcedId rule of oneroster_result_set is documented and other
// systems rely on it: it must never change.
func TestResultSourcedIDRule(t *testing.T) {
	if want := uuid.NewSHA1(uuid.NameSpaceURL, []byte("https://github.com/edu-iac/terraform-provider-oneroster/result-set")); resultSetNamespace != want {
		t.Errorf("namespace %s, want %s (UUIDv5 of the documented URL)", resultSetNamespace, want)
	}
	cases := map[[2]string]string{
		{"lineitem-00001", "student-0001"}: "1099d706-d198-58a6-9d3d-82416c4f0f9f",
	}
	for in, want := range cases {
		if got := resultSourcedID(in[0], in[1]); got != want {
			t.Errorf("resultSourcedID(%q, %q) = %s, want %s", in[0], in[1], got, want)
		}
	}
	if resultSourcedID("quiz", "s1") == resultSourcedID("quiz", "s2") || resultSourcedID("q1", "s") == resultSourcedID("q2", "s") {
		t.Error("different students or line items must get different sourcedIds")
	}
}

func TestStoredDate(t *testing.T) {
	cases := []struct {
		prior  types.String
		stored string
		want   types.String
	}{
		{types.StringValue("2024-09-02"), "2024-09-02T00:00:00Z", types.StringValue("2024-09-02")},
		{types.StringValue("2024-09-02T08:00:00-05:00"), "2024-09-02T13:00:00Z", types.StringValue("2024-09-02T08:00:00-05:00")},
		{types.StringValue("2024-09-02"), "2024-09-03", types.StringValue("2024-09-03")},
		{types.StringNull(), "2024-09-03", types.StringValue("2024-09-03")},
		{types.StringValue("2024-09-02"), "", types.StringNull()},
		{types.StringValue("2024-09-02"), "not a date", types.StringValue("not a date")},
	}
	for _, c := range cases {
		if got := storedDate(c.prior, c.stored); !got.Equal(c.want) {
			t.Errorf("storedDate(%s, %q) = %s, want %s", c.prior, c.stored, got, c.want)
		}
	}
}

func TestParseISODate(t *testing.T) {
	for _, ok := range []string{"2024-09-02", "2024-09-02T08:00:00Z", "2024-09-02T08:00:00.123Z", "2024-09-02T08:00:00-05:00", "2024-09-02T08:00:00"} {
		if _, parsed := parseISODate(ok); !parsed {
			t.Errorf("%q should parse", ok)
		}
	}
	for _, bad := range []string{"", "09/02/2024", "2024-13-01", "2024-09-02 08:00", "yesterday"} {
		if _, parsed := parseISODate(bad); parsed {
			t.Errorf("%q should not parse", bad)
		}
	}
}
