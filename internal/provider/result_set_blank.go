package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// A set's entries often come from a CSV file (csvdecode), where a missing
// comment is an empty cell: "" in an optional string of an entry is taken
// as unset. It is neither validated nor sent, and the state keeps the ""
// the configuration has, so that the plan stays empty.

// entryOptionalStrings are the optional strings of an entry, by attribute
// name (TestResultSetBlankStringsCoverTheSchema holds them to the schema).
func entryOptionalStrings(e *resultSetEntry) map[string]*types.String {
	return map[string]*types.String{"score_date": &e.ScoreDate, "comment": &e.Comment,
		"score_scale_sourced_id": &e.ScoreScaleSourcedID, "text_score": &e.TextScore}
}

// blankAsUnset makes the optional strings of entry accept "" as unset.
func blankAsUnset(entry map[string]schema.Attribute) {
	for name := range entryOptionalStrings(&resultSetEntry{}) {
		a, ok := entry[name].(schema.StringAttribute)
		if !ok {
			// TestResultSetBlankStringsCoverTheSchema fails first.
			continue
		}
		checks := make([]validator.String, len(a.Validators))
		for i, v := range a.Validators {
			checks[i] = blankSkipping{v}
		}
		a.Validators = checks
		a.MarkdownDescription += " An empty string (an empty CSV cell) is the same as leaving it out."
		entry[name] = a
	}
}

// blankSkipping is a string validator that leaves "" alone.
type blankSkipping struct{ validator.String }

func (v blankSkipping) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if !req.ConfigValue.IsNull() && !req.ConfigValue.IsUnknown() && req.ConfigValue.ValueString() == "" {
		return
	}
	v.String.ValidateString(ctx, req, resp)
}

// unsetBlanks turns each "" of the entries' optional strings into null:
// what is written, compared and settled.
func unsetBlanks(entries map[string]resultSetEntry) {
	for student, e := range entries {
		for _, s := range entryOptionalStrings(&e) {
			if !s.IsNull() && !s.IsUnknown() && s.ValueString() == "" {
				*s = types.StringNull()
			}
		}
		entries[student] = e
	}
}

// keepBlanks puts back, in entries, the "" that configured has where the
// value is null, so that the state says what the configuration says.
func keepBlanks(entries, configured map[string]resultSetEntry) {
	for student, e := range entries {
		c, ok := configured[student]
		if !ok {
			continue
		}
		want := entryOptionalStrings(&c)
		for name, s := range entryOptionalStrings(&e) {
			if w := want[name]; s.IsNull() && !w.IsNull() && !w.IsUnknown() && w.ValueString() == "" {
				*s = types.StringValue("")
			}
		}
		entries[student] = e
	}
}
