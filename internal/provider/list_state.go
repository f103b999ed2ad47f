package provider

import (
	"context"
	"fmt"
	"slices"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
)

// A list data source can hold a whole district: 100,000 users of twenty
// attributes each. Answered through the framework, every one of those
// values is built as a tftypes value (each checked against its type), then
// copied, converted to framework values and compared, copied again while
// the framework walks the state for null blocks (with a schema lookup per
// null), and finally encoded. That came to about 0.2 ms of CPU per user, and
// more than twice that with `fields`, whose nulls the walk visits one by
// one. The provider's server (server.go) therefore answers ReadDataSource
// for list data sources itself: readState below writes the state straight
// into the msgpack the protocol carries, as the records arrive, and never
// holds more than that encoding. The list data sources have no blocks, and
// no custom types with semantic equality, so the framework's walks would
// not change their state: skipping them is safe, and the tests compare
// both answers (list_state_test.go).

// stateReader is a data source that can answer ReadDataSource directly.
type stateReader interface {
	datasource.DataSourceWithConfigure
	// readState returns the state for config, encoded as msgpack of the
	// data source's schema type. config is wholly known, as it always is
	// when Terraform asks for a read.
	readState(ctx context.Context, config tftypes.Value) ([]byte, diag.Diagnostics)
}

var _ stateReader = (*listDataSource[struct{}])(nil)

func (d *listDataSource[T]) readState(ctx context.Context, config tftypes.Value) ([]byte, diag.Diagnostics) {
	t := d.topic
	var schema datasource.SchemaResponse
	d.Schema(ctx, datasource.SchemaRequest{}, &schema)
	l, diags := d.prepare(ctx, tfsdk.Config{Raw: config, Schema: schema.Schema})
	if diags.HasError() {
		return nil, diags
	}
	var attrs map[string]tftypes.Value
	if err := config.As(&attrs); err != nil {
		diags.AddError("Cannot read the configuration", err.Error())
		return nil, diags
	}
	objectType, ok := config.Type().(tftypes.Object)
	if !ok {
		diags.AddError(
			"Cannot read the configuration",
			fmt.Sprintf("The configuration of %s is a %s, not an object; this is a bug in the provider.", t.attr, config.Type()),
		)
		return nil, diags
	}
	types := objectType.AttributeTypes
	names := make([]string, 0, len(types))
	for name := range types {
		names = append(names, name)
	}
	sort.Strings(names)

	// The state is the configuration with the list filled in: an object,
	// whose attributes msgpack has in name order.
	b := appendMsgPackMapHeader(nil, len(names))
	for _, name := range names {
		b = appendMsgPackString(b, name)
		if name != t.attr {
			arg, err := newDynamicValue(types[name], attrs[name])
			if err != nil {
				diags.AddError("Cannot encode the state", err.Error())
				return nil, diags
			}
			b = append(b, arg.MsgPack...)
			continue
		}
		// The count goes before the records but is known only after them:
		// write them first and put it in front when done.
		start, count := len(b), 0
		enc := t.recordEncoder(l.selected)
		diags.Append(d.each(ctx, l, func(rec *T) bool {
			b = enc.append(b, rec)
			count++
			return true
		})...)
		if diags.HasError() {
			return nil, diags
		}
		b = slices.Insert(b, start, appendMsgPackArrayHeader(nil, count)...)
	}
	return b, diags
}

// recordEncoder writes records of one topic as msgpack objects. What is
// the same for every record (the attribute order, the encoded names, the
// nulls of fields left out with `fields`) is worked out once per read, so
// a left-out field costs two bytes copied.
type recordEncoder[T any] struct {
	header []byte
	parts  []encoderPart[T]
}

type encoderPart[T any] struct {
	prefix []byte    // the attribute's name, and nil when field is nil
	field  *field[T] // nil: left out with `fields`, always null
}

// recordEncoder encodes records with the fields in selected (API names; nil
// for all), the others null, as recordValues renders them.
func (t *topic[T]) recordEncoder(selected map[string]bool) *recordEncoder[T] {
	order := make([]int, len(t.fields))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return t.fields[order[a]].attr < t.fields[order[b]].attr })
	e := &recordEncoder[T]{header: appendMsgPackMapHeader(nil, len(t.fields))}
	for _, i := range order {
		f := &t.fields[i]
		p := encoderPart[T]{prefix: appendMsgPackString(nil, f.attr), field: f}
		if selected != nil && !selected[f.api] {
			p.prefix, p.field = appendMsgPackNil(p.prefix), nil
		}
		e.parts = append(e.parts, p)
	}
	return e
}

func (e *recordEncoder[T]) append(b []byte, r *T) []byte {
	b = append(b, e.header...)
	for i := range e.parts {
		p := &e.parts[i]
		b = append(b, p.prefix...)
		if p.field != nil {
			b = p.field.appendMsgPack(b, r)
		}
	}
	return b
}

// appendMsgPack appends the field of r to b as msgpack, exactly as the
// plugin protocol encodes value(r) (see msgpack.go).
func (f *field[T]) appendMsgPack(b []byte, r *T) []byte {
	switch f.valueType {
	case valueBool:
		v := f.boolean(r)
		if v == nil {
			return appendMsgPackNil(b)
		}
		return appendMsgPackBool(b, bool(*v))
	case valueNumber:
		return appendMsgPackOptNumber(b, f.number(r))
	case valueStringList:
		return f.appendMsgPackStringList(b, r)
	case valueStringMap:
		return appendMsgPackStringMap(b, f.meta(r))
	case valueUserIDs:
		return appendMsgPackUserIDs(b, f.userIDs(r))
	case valueObjects:
		return f.appendMsgPackObjects(b, r)
	default:
		if f.optStr != nil {
			v := f.optStr(r)
			if v == nil {
				return appendMsgPackNil(b)
			}
			return appendMsgPackString(b, *v)
		}
		return appendMsgPackString(b, f.str(r))
	}
}

// appendMsgPackOptNumber appends n, or nil for a null.
func appendMsgPackOptNumber(b []byte, n *model.Number) []byte {
	if n == nil {
		return appendMsgPackNil(b)
	}
	return appendMsgPackNumber(b, float64(*n))
}

// appendMsgPackStringList appends a list of strings: the sourcedIds of
// refs, or strs.
func (f *field[T]) appendMsgPackStringList(b []byte, r *T) []byte {
	if f.refs != nil {
		refs := f.refs(r)
		b = appendMsgPackArrayHeader(b, len(refs))
		for i := range refs {
			b = appendMsgPackString(b, refs[i].SourcedID)
		}
		return b
	}
	return appendMsgPackStrings(b, f.strs(r))
}

// appendMsgPackStrings appends values as a list of strings.
func appendMsgPackStrings(b []byte, values []string) []byte {
	b = appendMsgPackArrayHeader(b, len(values))
	for _, v := range values {
		b = appendMsgPackString(b, v)
	}
	return b
}

// appendMsgPackStringMap appends m as a map of strings, its keys sorted,
// so that the same record always encodes the same way.
func appendMsgPackStringMap(b []byte, m map[string]any) []byte {
	b = appendMsgPackMapHeader(b, len(m))
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		b = appendMsgPackString(b, k)
		b = appendMsgPackString(b, metadataString(m[k]))
	}
	return b
}

// appendMsgPackUserIDs appends ids as a list of objects.
func appendMsgPackUserIDs(b []byte, ids []model.UserID) []byte {
	b = appendMsgPackArrayHeader(b, len(ids))
	for _, id := range ids {
		// An object's attributes in name order, as the protocol has them.
		b = appendMsgPackMapHeader(b, 2)
		b = appendMsgPackString(b, "identifier")
		b = appendMsgPackString(b, id.Identifier)
		b = appendMsgPackString(b, "type")
		b = appendMsgPackString(b, id.Type)
	}
	return b
}

// appendMsgPackObjects appends the field's objects as a list of objects,
// each attribute's value in objectAttrs' order; nil for a null.
func (f *field[T]) appendMsgPackObjects(b []byte, r *T) []byte {
	objects := f.objects(r)
	if objects == nil {
		return appendMsgPackNil(b)
	}
	b = appendMsgPackArrayHeader(b, len(objects))
	for _, values := range objects {
		b = appendMsgPackMapHeader(b, len(f.objectAttrs))
		for k, a := range f.objectAttrs {
			b = appendMsgPackString(b, a.name)
			switch v := values[k].(type) {
			case []string:
				b = appendMsgPackStrings(b, v)
			case string:
				b = appendMsgPackString(b, v)
			case *model.Number:
				b = appendMsgPackOptNumber(b, v)
			default:
				panic(fmt.Sprintf("field %s: attribute %s holds a %T", f.attr, a.name, v))
			}
		}
	}
	return b
}
