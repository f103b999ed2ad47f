package provider

import (
	"encoding/json"
	"fmt"
	"math/big"
	"sort"
	"strings"

	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
)

// A topic is one OneRoster collection (users, classes, line items…) as
// Terraform shows it: the client catalog's collection, and how each field
// of its records appears in Terraform. The list and single data sources of
// every topic are derived from this description; where the collection
// lives, its envelopes and its nested routes are the catalog's.
type topic[T any] struct {
	attr       string // the list attribute and list data source suffix: "academic_sessions"
	singular   string // the single data source suffix: "academic_session"
	title      string // for messages: "academic session"
	titles     string // plural: "academic sessions"
	collection oneroster.Collection[T]
	base       func(*T) *model.Base
	fields     []field[T]
}

// routes are the nested endpoints selected by scoping arguments
// (school_sourced_id…); with none set, the top-level collection is read.
func (t *topic[T]) routes() []route {
	return routesOf(t.collection.Name)
}

type valueType int

const (
	valueString valueType = iota
	valueBool
	valueNumber
	valueStringList
	valueStringMap
	valueUserIDs
	valueObjects // a list of objects of string, string list or number attributes, per field
)

var userIDType = tftypes.Object{AttributeTypes: map[string]tftypes.Type{"type": tftypes.String, "identifier": tftypes.String}}

// objectAttr is one attribute of the objects of a valueObjects field (a
// 1.2 user's roles, its profiles, a line item's learning objectives): a
// string (valueString, the zero value), a list of strings
// (valueStringList) or a number (valueNumber).
type objectAttr struct {
	name, desc string
	valueType  valueType
}

// tfType is the attribute's Terraform type.
func (a objectAttr) tfType() tftypes.Type { return a.valueType.tfType() }

// objectType is the Terraform type of one object of attrs.
func objectType(attrs []objectAttr) tftypes.Object {
	types := make(map[string]tftypes.Type, len(attrs))
	for _, a := range attrs {
		types[a.name] = a.tfType()
	}
	return tftypes.Object{AttributeTypes: types}
}

func (k valueType) tfType() tftypes.Type {
	switch k {
	case valueBool:
		return tftypes.Bool
	case valueNumber:
		return tftypes.Number
	case valueStringList:
		return tftypes.List{ElementType: tftypes.String}
	case valueStringMap:
		return tftypes.Map{ElementType: tftypes.String}
	case valueUserIDs:
		return tftypes.List{ElementType: userIDType}
	default:
		return tftypes.String
	}
}

func (k valueType) schemaAttribute(desc string) dschema.Attribute {
	switch k {
	case valueBool:
		return dschema.BoolAttribute{Computed: true, MarkdownDescription: desc}
	case valueNumber:
		return dschema.Float64Attribute{Computed: true, MarkdownDescription: desc}
	case valueStringList:
		return dschema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: desc}
	case valueStringMap:
		return dschema.MapAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: desc}
	case valueUserIDs:
		return dschema.ListNestedAttribute{Computed: true, MarkdownDescription: desc, NestedObject: dschema.NestedAttributeObject{
			Attributes: map[string]dschema.Attribute{
				"type":       dschema.StringAttribute{Computed: true, MarkdownDescription: "The other system's name for the identifier (e.g. `LDAP`)."},
				"identifier": dschema.StringAttribute{Computed: true, MarkdownDescription: "The identifier."},
			},
		}}
	default:
		return dschema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
}

// field is one attribute of a topic's records: how it is named, and how
// to read it from a record. Exactly one getter is set, matching valueType; the
// two renderings of a record (tftypes values for the framework, msgpack for
// the list data sources' direct answer) both go through value below and
// appendMsgPack in list_state.go, so that they cannot drift apart.
type field[T any] struct {
	attr      string // Terraform attribute, snake_case: "school_sourced_id"
	api       string // the model's field, as `fields` and `sort` take it: "school"
	filter    string // the field as filters name it: "school.sourcedId"
	desc      string
	valueType valueType
	// queryIn is the one OneRoster version whose servers know the field
	// in filters, sort and fields ("" for both): asking a 1.1 server to
	// filter on pronouns would be refused, or worse, ignored.
	queryIn oneroster.Version
	// filterV1p2 is the field's name in 1.2 filters when 1.2 names it
	// otherwise: a user's role is roles.role there.
	filterV1p2 string

	str    func(*T) string  // valueString
	optStr func(*T) *string // valueString that reads nil as null
	// valueObjects: the attributes of its objects, sorted by name (the
	// order msgpack encodes an object's attributes in), and the values of
	// each object in that order (a string, a []string for a list
	// attribute, a *model.Number for a number); nil reads as null.
	objectAttrs []objectAttr
	objects     func(*T) [][]any
	// subfilters are the dotted names a filter may use to select inside
	// the field ("roles.org.sourcedId"), keyed by the name a caller may
	// give (the API's, or the Terraform attribute's path).
	subfilters map[string]string
	boolean    func(*T) *model.Bool    // valueBool; nil reads as null
	number     func(*T) *model.Number  // valueNumber; nil reads as null
	strs       func(*T) []string       // valueStringList
	refs       func(*T) []model.Ref    // valueStringList, flattened to sourcedIds
	meta       func(*T) map[string]any // valueStringMap, values rendered by metadataString
	userIDs    func(*T) []model.UserID // valueUserIDs
}

func stringField[T any](attr, api, desc string, get func(*T) string) field[T] {
	return field[T]{attr: attr, api: api, filter: api, desc: desc, valueType: valueString, str: get}
}

// tfType is the field's Terraform type.
func (f *field[T]) tfType() tftypes.Type {
	if f.valueType == valueObjects {
		return tftypes.List{ElementType: objectType(f.objectAttrs)}
	}
	return f.valueType.tfType()
}

// schemaAttribute is the field's attribute in a record's schema.
func (f *field[T]) schemaAttribute() dschema.Attribute {
	if f.valueType == valueObjects {
		attrs := make(map[string]dschema.Attribute, len(f.objectAttrs))
		for _, a := range f.objectAttrs {
			attrs[a.name] = a.valueType.schemaAttribute(a.desc)
		}
		return dschema.ListNestedAttribute{Computed: true, MarkdownDescription: f.desc, NestedObject: dschema.NestedAttributeObject{Attributes: attrs}}
	}
	return f.valueType.schemaAttribute(f.desc)
}

// queriedIn marks f as known to the filters, sort and fields of
// OneRoster v's servers only.
func (f field[T]) queriedIn(v oneroster.Version) field[T] {
	f.queryIn = v
	return f
}

// filteredOnV1p2As marks f as named name in OneRoster 1.2's filters,
// which has no field of f's name: a 1.1 filter on a user's role asks a
// 1.2 server about roles.role, so that 1.1 configurations keep working.
func (f field[T]) filteredOnV1p2As(name string) field[T] {
	f.filterV1p2 = name
	return f
}

// queryName is the field's name in the filters (filter true) or in sort
// and fields of a server of version v; an error, naming the field as
// the user gave it, when that server does not know it.
func (f *field[T]) queryName(v oneroster.Version, given string, filter bool) (string, error) {
	if f.queryIn != "" && v != "" && f.queryIn != v {
		return "", fmt.Errorf("%q is a OneRoster %s field, and this provider speaks OneRoster %s, whose servers do not know it: "+
			"the server would refuse the query, or ignore it and answer every record. Remove it, or use a field both versions have",
			given, f.queryIn.Title(), v.Title())
	}
	switch {
	case v == oneroster.Version1p2 && f.filterV1p2 != "" && filter:
		return f.filterV1p2, nil
	case v == oneroster.Version1p2 && f.filterV1p2 != "":
		// sort and fields name a top-level field: roles.role is in roles.
		return strings.SplitN(f.filterV1p2, ".", 2)[0], nil
	case !filter:
		return f.api, nil
	}
	return f.filter, nil
}

// optionalStringField is a field of OneRoster 1.2 that 1.1 lacks: null
// when the server does not send it, so that "not in this version" is not
// read as an empty value.
func optionalStringField[T any](attr, api, desc string, get func(*T) *string) field[T] {
	return field[T]{attr: attr, api: api, filter: api, desc: desc, valueType: valueString, optStr: get}
}

// optionalRefField is optionalStringField for a GUIDRef, flattened to its
// sourcedId.
func optionalRefField[T any](attr, api, desc string, get func(*T) *model.Ref) field[T] {
	return field[T]{attr: attr, api: api, filter: api + ".sourcedId", desc: desc, valueType: valueString, optStr: func(r *T) *string {
		if ref := get(r); ref != nil {
			return &ref.SourcedID
		}
		return nil
	}}
}

// rolesField is a 1.2 user's roles; null for a user without (a 1.1 one).
// Its subfields filter as the 1.2 binding names them, so that "the
// teachers of this school" is asked of the server (roles.role and
// roles.org.sourcedId).
func rolesField[T any](attr, api, desc string, get func(*T) []model.Role) field[T] {
	sub := map[string]string{}
	for _, pair := range [][2]string{{"role", "role"}, {"role_type", "roleType"}, {"org_sourced_id", "org.sourcedId"}, {"user_profile", "userProfile"}} {
		sub[attr+"."+pair[0]] = api + "." + pair[1]
		sub[api+"."+pair[1]] = api + "." + pair[1]
	}
	return field[T]{attr: attr, api: api, filter: api + ".role", desc: desc, valueType: valueObjects, subfilters: sub,
		objectAttrs: []objectAttr{
			{name: "begin_date", desc: "First day of the role, as an ISO 8601 date."},
			{name: "end_date", desc: "Last day of the role, as an ISO 8601 date."},
			{name: "org_sourced_id", desc: "The org the role is at."},
			{name: "role", desc: "What the user is at the org: `teacher`, `student`, `administrator`…"},
			{name: "role_type", desc: "`primary` or `secondary`."},
			{name: "user_profile", desc: "The `profile_id` of the user profile the role uses."},
		},
		objects: func(r *T) [][]any {
			roles := get(r)
			if roles == nil {
				return nil
			}
			out := make([][]any, len(roles))
			for i, ro := range roles {
				out[i] = []any{ro.BeginDate, ro.EndDate, model.RefID(ro.Org), ro.Role, ro.RoleType, ro.UserProfile}
			}
			return out
		}}
}

// userProfilesField is a 1.2 user's profiles (accounts in other systems),
// without their credentials, which may carry passwords; null for a user
// without (a 1.1 one).
func userProfilesField[T any](attr, api, desc string, get func(*T) []model.UserProfile) field[T] {
	return field[T]{attr: attr, api: api, filter: api + ".profileId", desc: desc, valueType: valueObjects,
		objectAttrs: []objectAttr{
			{name: "application_id", desc: "The application the profile is for."},
			{name: "description", desc: "A description of the profile."},
			{name: "profile_id", desc: "The profile's identifier, which roles' `user_profile` refers to."},
			{name: "profile_type", desc: "The kind of profile, e.g. `lms`."},
			{name: "vendor_id", desc: "The vendor of the system the profile is for."},
		},
		objects: func(r *T) [][]any {
			profiles := get(r)
			if profiles == nil {
				return nil
			}
			out := make([][]any, len(profiles))
			for i, p := range profiles {
				out[i] = []any{p.ApplicationID, p.Description, p.ProfileID, p.ProfileType, p.VendorID}
			}
			return out
		}}
}

func boolField[T any](attr, api, desc string, get func(*T) *model.Bool) field[T] {
	return field[T]{attr: attr, api: api, filter: api, desc: desc, valueType: valueBool, boolean: get}
}

func numberField[T any](attr, api, desc string, get func(*T) *model.Number) field[T] {
	return field[T]{attr: attr, api: api, filter: api, desc: desc, valueType: valueNumber, number: get}
}

func stringsField[T any](attr, api, desc string, get func(*T) []string) field[T] {
	return field[T]{attr: attr, api: api, filter: api, desc: desc, valueType: valueStringList, strs: get}
}

// refField flattens a GUIDRef to its sourcedId.
func refField[T any](attr, api, desc string, get func(*T) *model.Ref) field[T] {
	return field[T]{attr: attr, api: api, filter: api + ".sourcedId", desc: desc, valueType: valueString, str: func(r *T) string { return model.RefID(get(r)) }}
}

// refsField flattens a list of GUIDRefs to their sourcedIds.
func refsField[T any](attr, api, desc string, get func(*T) []model.Ref) field[T] {
	return field[T]{attr: attr, api: api, filter: api + ".sourcedId", desc: desc, valueType: valueStringList, refs: get}
}

func userIDsField[T any](attr, api, desc string, get func(*T) []model.UserID) field[T] {
	return field[T]{attr: attr, api: api, filter: api, desc: desc, valueType: valueUserIDs, userIDs: get}
}

// baseFields are the fields every record has.
func baseFields[T any](get func(*T) *model.Base) []field[T] {
	return []field[T]{
		stringField("sourced_id", "sourcedId", "The record's sourcedId, unique within its type.", func(r *T) string { return get(r).SourcedID }),
		stringField("status", "status", "`active` or `tobedeleted`.", func(r *T) string { return get(r).Status }),
		stringField(
			"date_last_modified",
			"dateLastModified",
			"When the record last changed, as RFC 3339.",
			func(r *T) string { return get(r).DateLastModified },
		),
		{
			attr:      "metadata",
			api:       "metadata",
			filter:    "metadata",
			desc:      "Vendor extensions, values rendered as strings (JSON for structured values).",
			valueType: valueStringMap,
			meta:      func(r *T) map[string]any { return get(r).Metadata },
		},
	}
}

// value renders the field of r as a tftypes value. Fields a server leaves
// out (absent, null or empty on the wire) become empty strings, lists and
// maps, not nulls: that is the data sources' documented behaviour (it began
// as a way around the framework's slow handling of nulls in large lists).
// Null is kept for booleans and numbers, which have no empty value, and for
// fields left out with the `fields` argument (recordValues).
func (f *field[T]) value(r *T) tftypes.Value {
	switch f.valueType {
	case valueBool:
		b := f.boolean(r)
		if b == nil {
			return tftypes.NewValue(tftypes.Bool, nil)
		}
		return tftypes.NewValue(tftypes.Bool, bool(*b))
	case valueNumber:
		n := f.number(r)
		if n == nil {
			return tftypes.NewValue(tftypes.Number, nil)
		}
		return tftypes.NewValue(tftypes.Number, big.NewFloat(float64(*n)))
	case valueStringList:
		values := f.stringList(r)
		elems := make([]tftypes.Value, len(values))
		for i, v := range values {
			elems[i] = tftypes.NewValue(tftypes.String, v)
		}
		return tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, elems)
	case valueStringMap:
		m := f.meta(r)
		elems := make(map[string]tftypes.Value, len(m))
		for k, v := range m {
			elems[k] = tftypes.NewValue(tftypes.String, metadataString(v))
		}
		return tftypes.NewValue(tftypes.Map{ElementType: tftypes.String}, elems)
	case valueUserIDs:
		ids := f.userIDs(r)
		elems := make([]tftypes.Value, len(ids))
		for i, id := range ids {
			elems[i] = tftypes.NewValue(userIDType, map[string]tftypes.Value{
				"type":       tftypes.NewValue(tftypes.String, id.Type),
				"identifier": tftypes.NewValue(tftypes.String, id.Identifier),
			})
		}
		return tftypes.NewValue(valueUserIDs.tfType(), elems)
	case valueObjects:
		objects := f.objects(r)
		if objects == nil {
			return tftypes.NewValue(f.tfType(), nil)
		}
		elemType := objectType(f.objectAttrs)
		elems := make([]tftypes.Value, len(objects))
		for i, values := range objects {
			vals := make(map[string]tftypes.Value, len(f.objectAttrs))
			for k, a := range f.objectAttrs {
				vals[a.name] = objectAttrValue(a, values[k])
			}
			elems[i] = tftypes.NewValue(elemType, vals)
		}
		return tftypes.NewValue(f.tfType(), elems)
	default:
		if f.optStr != nil {
			v := f.optStr(r)
			if v == nil {
				return tftypes.NewValue(tftypes.String, nil)
			}
			return tftypes.NewValue(tftypes.String, *v)
		}
		return tftypes.NewValue(tftypes.String, f.str(r))
	}
}

// objectAttrValue renders one attribute of a valueObjects object: v is a
// string, a []string for a list attribute, a *model.Number for a number.
func objectAttrValue(a objectAttr, v any) tftypes.Value {
	switch v := v.(type) {
	case []string:
		elems := make([]tftypes.Value, len(v))
		for i, s := range v {
			elems[i] = tftypes.NewValue(tftypes.String, s)
		}
		return tftypes.NewValue(a.tfType(), elems)
	case string:
		return tftypes.NewValue(tftypes.String, v)
	case *model.Number:
		if v == nil {
			return tftypes.NewValue(tftypes.Number, nil)
		}
		return tftypes.NewValue(tftypes.Number, big.NewFloat(float64(*v)))
	}
	panic(fmt.Sprintf("attribute %s holds a %T", a.name, v))
}

// stringList reads a valueStringList field as strings.
func (f *field[T]) stringList(r *T) []string {
	if f.refs != nil {
		return model.RefIDs(f.refs(r))
	}
	return f.strs(r)
}

// metadataString renders one metadata value: strings as they are, null as
// "", anything else as JSON.
func metadataString(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case nil:
		return ""
	default:
		raw, err := json.Marshal(v)
		if err != nil {
			return fmt.Sprint(v)
		}
		return string(raw)
	}
}

// recordType is the Terraform object type of one record.
func (t *topic[T]) recordType() tftypes.Object {
	attrs := make(map[string]tftypes.Type, len(t.fields))
	for _, f := range t.fields {
		attrs[f.attr] = f.tfType()
	}
	return tftypes.Object{AttributeTypes: attrs}
}

// recordAttributes are the schema attributes of one record.
func (t *topic[T]) recordAttributes() map[string]dschema.Attribute {
	attrs := make(map[string]dschema.Attribute, len(t.fields))
	for _, f := range t.fields {
		attrs[f.attr] = f.schemaAttribute()
	}
	return attrs
}

// recordValues renders one record. selected, when not nil, holds the API
// names asked for with `fields`; the others stay null, as the server did
// not send them.
func (t *topic[T]) recordValues(r *T, selected map[string]bool) map[string]tftypes.Value {
	vals := make(map[string]tftypes.Value, len(t.fields))
	for i, f := range t.fields {
		if selected != nil && !selected[f.api] {
			vals[f.attr] = tftypes.NewValue(f.tfType(), nil)
			continue
		}
		vals[f.attr] = t.fields[i].value(r)
	}
	return vals
}

// lookupField finds a field by its Terraform name (snake_case), its API
// name (camelCase) or its filter name ("school.sourcedId"); a name inside
// a field ("roles.org_sourced_id") finds the field, filtering on that part.
func (t *topic[T]) lookupField(name string) (field[T], bool) {
	for _, f := range t.fields {
		if name == f.attr || name == f.api || name == f.filter {
			return f, true
		}
		if sub, ok := f.subfilters[name]; ok {
			f.filter = sub
			return f, true
		}
	}
	return field[T]{}, false
}

func (t *topic[T]) fieldNames() string {
	names := make([]string, len(t.fields))
	for i, f := range t.fields {
		names[i] = f.attr
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}
