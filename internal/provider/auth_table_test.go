package provider

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

// The auth table (authMethods) is where each setting is described; the
// model structs only hold values. Each block's model has exactly the
// table's fields, and each connection model adds exactly the write-only
// twins of the sensitive ones.
func TestAuthModelsMatchTheTable(t *testing.T) {
	provider := map[string]reflect.Type{
		attrOAuth1:                  reflect.TypeOf(oauth1Model{}),
		attrOAuth2ClientCredentials: reflect.TypeOf(oauth2ClientCredentialsModel{}),
		attrOAuth2Password:          reflect.TypeOf(oauth2PasswordModel{}),
		attrBearerToken:             reflect.TypeOf(bearerTokenModel{}),
	}
	connection := map[string]reflect.Type{
		attrOAuth1:                  reflect.TypeOf(oauth1ConnectionModel{}),
		attrOAuth2ClientCredentials: reflect.TypeOf(oauth2ClientCredentialsConnectionModel{}),
		attrOAuth2Password:          reflect.TypeOf(oauth2PasswordConnectionModel{}),
		attrBearerToken:             reflect.TypeOf(bearerTokenConnectionModel{}),
	}
	for _, m := range authMethods {
		var fields, twins []string
		for _, f := range m.fields {
			fields = append(fields, f.name)
			twins = append(twins, f.name)
			if f.sensitive {
				twins = append(twins, f.name+writeOnlySuffix, f.name+writeOnlyVersionSuffix)
			}
		}
		slices.Sort(fields)
		slices.Sort(twins)
		if got := modelTags(provider[m.attribute]); !slices.Equal(got, fields) {
			t.Errorf("%s: the model has %v, the table %v", m.attribute, got, fields)
		}
		if got := modelTags(connection[m.attribute]); !slices.Equal(got, twins) {
			t.Errorf("%s (connection): the model has %v, the table gives %v", m.attribute, got, twins)
		}
	}
}

// modelTags lists the tfsdk tags of a struct, sorted, embedded structs
// included except those of the types skipped.
func modelTags(typ reflect.Type, skip ...reflect.Type) []string {
	var out []string
	for i := range typ.NumField() {
		f := typ.Field(i)
		if f.Anonymous {
			if !slices.Contains(skip, f.Type) {
				out = append(out, modelTags(f.Type, skip...)...)
			}
			continue
		}
		out = append(out, strings.Split(f.Tag.Get("tfsdk"), ",")[0])
	}
	slices.Sort(out)
	return out
}
