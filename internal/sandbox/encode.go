package sandbox

import (
	"encoding/json"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
)

// encoder writes records as JSON the way the current quirks say: booleans
// as booleans, strings or numbers; hrefs absolute, relative or absent;
// absent optional fields omitted or null; only the selected fields.
type encoder struct {
	booleans     string
	origin       string // prefix of every href up to the base path: scheme://host, or "~"
	noHrefs      bool
	nulls        bool
	selected     []bool // by shape index; nil selects all
	noPrimaryOrg bool   // the NoPrimaryOrg quirk
	version      string // v1p1 or v1p2: which fields records have
	buf          []byte
}

// newEncoder returns an encoder for responses to a request to host
// (scheme "http" or "https").
func newEncoder(q Quirks, scheme, host string, selected []bool, version string) *encoder {
	e := &encoder{booleans: q.Booleans, nulls: q.Nulls, selected: selected, version: version, noPrimaryOrg: q.NoPrimaryOrg}
	if version == v1p2 && e.booleans == "" {
		// The 1.2 binding types its booleans as the strings "true" and
		// "false"; a quirk that says otherwise still wins.
		e.booleans = BooleansString
	}
	switch q.Hrefs {
	case HrefsNone:
		e.noHrefs = true
	case HrefsTilde:
		e.origin = "~"
	default:
		e.origin = scheme + "://" + host
	}
	return e
}

// collection encodes {"<key>":[records…]}.
func (e *encoder) collection(key string, s *shape, items []record) []byte {
	e.buf = slices.Grow(e.buf, 64+600*len(items))
	e.buf = append(e.buf, '{')
	e.buf = appendString(e.buf, key)
	e.buf = append(e.buf, ':', '[')
	for i, rec := range items {
		if i > 0 {
			e.buf = append(e.buf, ',')
		}
		e.record(s, rec)
	}
	e.buf = append(e.buf, ']', '}')
	return e.buf
}

// single encodes {"<key>":record}.
func (e *encoder) single(key string, s *shape, rec record) []byte {
	e.buf = append(e.buf, '{')
	e.buf = appendString(e.buf, key)
	e.buf = append(e.buf, ':')
	e.record(s, rec)
	e.buf = append(e.buf, '}')
	return e.buf
}

func (e *encoder) record(s *shape, rec record) {
	v := reflect.ValueOf(rec).Elem()
	e.buf = append(e.buf, '{')
	first := true
	for i, f := range s.fields {
		if (e.selected != nil && !e.selected[i]) || !f.inVersion(e.version) || (e.noPrimaryOrg && f.name == "primaryOrg") {
			continue
		}
		fv := v.FieldByIndex(f.index)
		absent := f.optional && isEmpty(fv, f.kind)
		if absent && (!e.nulls || f.name == "password") {
			continue
		}
		if !first {
			e.buf = append(e.buf, ',')
		}
		first = false
		e.buf = appendString(e.buf, f.name)
		e.buf = append(e.buf, ':')
		if absent {
			e.buf = append(e.buf, "null"...)
			continue
		}
		e.value(fv, f.kind)
	}
	e.buf = append(e.buf, '}')
}

func isEmpty(v reflect.Value, kind fieldKind) bool {
	switch kind {
	case kindString:
		return v.Len() == 0
	case kindBool, kindNumber, kindRef, kindOptString, kindStringBool:
		return v.IsNil()
	default: // lists and maps
		return v.Len() == 0
	}
}

func (e *encoder) value(v reflect.Value, kind fieldKind) {
	switch kind {
	case kindString:
		e.buf = appendString(e.buf, v.String())
	case kindBool:
		e.bool(v.Elem().Bool())
	case kindNumber:
		e.buf = strconv.AppendFloat(e.buf, v.Elem().Float(), 'f', -1, 64)
	case kindRef:
		e.ref(fieldAs[*model.Ref](v))
	case kindRefs:
		encodeList(e, fieldAs[[]model.Ref](v), (*encoder).ref)
	case kindStrings:
		encodeList(e, fieldAs[model.Strings](v), (*encoder).quoted)
	case kindUserIDs:
		encodeList(e, fieldAs[[]model.UserID](v), (*encoder).userID)
	case kindOptString:
		e.buf = appendString(e.buf, v.Elem().String())
	case kindRoles:
		encodeList(e, fieldAs[[]model.Role](v), (*encoder).role)
	case kindProfiles:
		encodeList(e, fieldAs[[]model.UserProfile](v), (*encoder).profile)
	case kindStringBool:
		e.buf = strconv.AppendQuote(e.buf, strconv.FormatBool(v.Elem().Bool()))
	case kindObject, kindList:
		raw, err := json.Marshal(v.Interface())
		if err != nil {
			raw = []byte("{}")
		}
		e.buf = append(e.buf, raw...)
	}
}

// encodeList appends items as a JSON array, each encoded by encodeOne.
func encodeList[T any](e *encoder, items []T, encodeOne func(*encoder, *T)) {
	e.buf = append(e.buf, '[')
	for i := range items {
		if i > 0 {
			e.buf = append(e.buf, ',')
		}
		encodeOne(e, &items[i])
	}
	e.buf = append(e.buf, ']')
}

func (e *encoder) quoted(s *string) { e.buf = appendString(e.buf, *s) }

func (e *encoder) userID(id *model.UserID) {
	e.member(`{"type":`, id.Type)
	e.member(`,"identifier":`, id.Identifier)
	e.buf = append(e.buf, '}')
}

func (e *encoder) role(r *model.Role) {
	e.member(`{"roleType":`, r.RoleType)
	e.member(`,"role":`, r.Role)
	e.buf = append(e.buf, `,"org":`...)
	e.ref(r.Org)
	e.optionalMember("userProfile", r.UserProfile)
	e.optionalMember("beginDate", r.BeginDate)
	e.optionalMember("endDate", r.EndDate)
	e.buf = append(e.buf, '}')
}

func (e *encoder) profile(p *model.UserProfile) {
	e.member(`{"profileId":`, p.ProfileID)
	e.member(`,"profileType":`, p.ProfileType)
	e.member(`,"vendorId":`, p.VendorID)
	e.optionalMember("applicationId", p.ApplicationID)
	e.optionalMember("description", p.Description)
	e.buf = append(e.buf, '}')
}

// member appends a member's prefix (a brace or comma, and its quoted name
// and colon) and its value as a JSON string.
func (e *encoder) member(prefix, value string) {
	e.buf = append(e.buf, prefix...)
	e.buf = appendString(e.buf, value)
}

// optionalMember appends ,"name":"value" unless value is empty.
func (e *encoder) optionalMember(name, value string) {
	if value != "" {
		e.buf = append(e.buf, ',')
		e.buf = appendString(e.buf, name)
		e.buf = append(e.buf, ':')
		e.buf = appendString(e.buf, value)
	}
}

func (e *encoder) bool(b bool) {
	switch e.booleans {
	case BooleansString:
		e.buf = strconv.AppendQuote(e.buf, strconv.FormatBool(b))
	case BooleansNumber:
		if b {
			e.buf = append(e.buf, '1')
		} else {
			e.buf = append(e.buf, '0')
		}
	default:
		e.buf = strconv.AppendBool(e.buf, b)
	}
}

// ref encodes a GUIDRef with an href built from its type, whatever href
// it was stored with.
func (e *encoder) ref(r *model.Ref) {
	e.buf = append(e.buf, '{')
	if !e.noHrefs {
		path, ok := refPaths[r.Type]
		if !ok {
			path = r.Type + "s"
		}
		e.buf = append(e.buf, `"href":`...)
		e.buf = appendString(e.buf, e.origin+basePathFor(e.version, r.Type)+"/"+path+"/"+url.PathEscape(r.SourcedID))
		e.buf = append(e.buf, ',')
	}
	e.buf = append(e.buf, `"sourcedId":`...)
	e.buf = appendString(e.buf, r.SourcedID)
	e.buf = append(e.buf, `,"type":`...)
	e.buf = appendString(e.buf, r.Type)
	e.buf = append(e.buf, '}')
}

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string: quotes, backslashes and control
// characters escaped, invalid UTF-8 replaced, U+2028/U+2029 escaped for
// JavaScript readers.
func appendString(buf []byte, s string) []byte {
	buf = append(buf, '"')
	start := 0
	for i := 0; i < len(s); {
		b := s[i]
		if b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' {
				i++
				continue
			}
			buf = append(buf, s[start:i]...)
			switch b {
			case '"', '\\':
				buf = append(buf, '\\', b)
			case '\n':
				buf = append(buf, '\\', 'n')
			case '\r':
				buf = append(buf, '\\', 'r')
			case '\t':
				buf = append(buf, '\\', 't')
			default:
				buf = append(buf, '\\', 'u', '0', '0', hexDigits[b>>4], hexDigits[b&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			buf = append(buf, s[start:i]...)
			buf = append(buf, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			buf = append(buf, s[start:i]...)
			buf = append(buf, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	buf = append(buf, s[start:]...)
	return append(buf, '"')
}
