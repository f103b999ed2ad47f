package model

import (
	"bytes"
	"encoding/json"
	"testing"
)

// recordTypes builds an empty value of each record type the client
// decodes.
var recordTypes = map[string]func() any{
	"org":             func() any { return new(Org) },
	"academicSession": func() any { return new(AcademicSession) },
	"course":          func() any { return new(Course) },
	"class":           func() any { return new(Class) },
	"user":            func() any { return new(User) },
	"enrollment":      func() any { return new(Enrollment) },
	"demographics":    func() any { return new(Demographics) },
	"category":        func() any { return new(Category) },
	"lineItem":        func() any { return new(LineItem) },
	"result":          func() any { return new(Result) },
	"resource":        func() any { return new(Resource) },
}

// Whatever a server sends, decoding a record never panics, and a record
// that decodes encodes to JSON that decodes to the same record: the
// tolerant decoders (Bool, Number, String, Strings, the Demographics
// misspelling) produce only values the encoder can write back.
func FuzzRecordDecode(f *testing.F) {
	f.Add(
		[]byte(
			`{"sourcedId":"u1","status":"active","enabledUser":"TRUE","grades":"09, ` +
				`10","givenName":"Zoë","orgs":[{"sourcedId":"s1","href":"~/orgs/s1","type":"org"}],"metadata":{"a":[1,{"b":null}]}}`,
		),
	)
	f.Add([]byte(`{"sourcedId":"r1","score":"9.5","scoreStatus":"not submmitted","lineItem":{"sourcedId":"li1"},"student":null}`))
	f.Add([]byte(`{"sourcedId":"d1","americanIndianOrAlsakaNative":1,"white":"no","asian":0}`))
	f.Add([]byte(`{"sourcedId":"c1","schoolYear":2024,"grades":["09",10,true],"periods":"1,2"}`))
	f.Add([]byte(`{"sourcedId":"li1","resultValueMin":"","resultValueMax":"1e3"}`))
	f.Add([]byte(`{"sourcedId":7}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		for name, newRecord := range recordTypes {
			first := newRecord()
			if json.Unmarshal(data, first) != nil {
				continue
			}
			encoded, err := json.Marshal(first)
			if err != nil {
				t.Fatalf("%s decoded from %q cannot be encoded: %v", name, data, err)
			}
			second := newRecord()
			if err := json.Unmarshal(encoded, second); err != nil {
				t.Fatalf("%s: own encoding %s does not decode: %v", name, encoded, err)
			}
			again, err := json.Marshal(second)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if !bytes.Equal(encoded, again) {
				t.Fatalf("%s from %q: encoding changed on the round trip\n first %s\nsecond %s", name, data, encoded, again)
			}
		}
	})
}
