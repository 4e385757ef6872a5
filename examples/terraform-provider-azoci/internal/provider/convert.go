package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/azoci/interconnect"
)

// This file: the spec's attribute values ↔ interconnect.Spec. Values go to
// the spec's JSON form, key by key as specFields says, and through
// interconnect.ParseSpec, the strict decoder every spec goes through; back,
// a Spec's JSON form becomes values the same way.

// specValues are the spec's attributes of a resource or data source, by
// attribute name.
type specValues map[string]attr.Value

// getter reads one attribute: tfsdk.Config, Plan and State's GetAttribute.
type getter func(ctx context.Context, p path.Path, target any) diag.Diagnostics

// readSpecValues reads the spec's attributes with get.
func readSpecValues(ctx context.Context, get getter) (specValues, diag.Diagnostics) {
	var diags diag.Diagnostics
	vals := specValues{}
	for _, f := range specFields {
		v, d := getValue(ctx, get, path.Root(f.name), f.kind)
		diags.Append(d...)
		vals[f.name] = v
	}
	return vals, diags
}

// getValue reads the attribute at p, of kind k, as a value.
func getValue(ctx context.Context, get getter, p path.Path, k kind) (attr.Value, diag.Diagnostics) {
	switch k {
	case kInt:
		var v types.Int64
		d := get(ctx, p, &v)
		return v, d
	case kBool:
		var v types.Bool
		d := get(ctx, p, &v)
		return v, d
	case kStrings, kObjectList:
		var v types.List
		d := get(ctx, p, &v)
		return v, d
	case kStringMap:
		var v types.Map
		d := get(ctx, p, &v)
		return v, d
	case kObject:
		var v types.Object
		d := get(ctx, p, &v)
		return v, d
	}
	var v types.String
	d := get(ctx, p, &v)
	return v, d
}

// toSpec turns the values into a Spec. unknown lists the attributes whose
// values are not known yet (they are left out of the spec); err is a
// *interconnect.ParseError when a value does not decode (a malformed
// prefix or bandwidth), naming its field.
func (vals specValues) toSpec() (s interconnect.Spec, unknown []path.Path, err error) {
	m := map[string]any{}
	for _, f := range specFields {
		if v, ok := toJSON(vals[f.name], f, path.Root(f.name), &unknown); ok {
			m[f.key] = v
		}
	}
	data, err := json.Marshal(m)
	if err != nil {
		return s, unknown, err
	}
	s, err = interconnect.ParseSpec(data)
	return s, unknown, err
}

// toJSON is v in the spec's JSON form; false when it is null or unknown
// (unknown values' paths are added to unknown).
func toJSON(v attr.Value, f field, p path.Path, unknown *[]path.Path) (any, bool) {
	if v == nil || v.IsNull() {
		return nil, false
	}
	if v.IsUnknown() {
		*unknown = append(*unknown, p)
		return nil, false
	}
	switch f.kind {
	case kString:
		return v.(types.String).ValueString(), true
	case kInt:
		return v.(types.Int64).ValueInt64(), true
	case kBool:
		return v.(types.Bool).ValueBool(), true
	case kStrings:
		out := []any{}
		for i, e := range v.(types.List).Elements() {
			if s, ok := toJSON(e, field{kind: kString}, p.AtListIndex(i), unknown); ok {
				out = append(out, s)
			}
		}
		return out, true
	case kStringMap:
		out := map[string]any{}
		for k, e := range v.(types.Map).Elements() {
			if s, ok := toJSON(e, field{kind: kString}, p.AtMapKey(k), unknown); ok {
				out[k] = s
			}
		}
		return out, true
	case kObject:
		return objectJSON(v.(types.Object), f.children, p, unknown), true
	case kObjectList:
		out := []any{}
		for i, e := range v.(types.List).Elements() {
			ep := p.AtListIndex(i)
			switch {
			case e.IsUnknown():
				*unknown = append(*unknown, ep)
				out = append(out, map[string]any{})
			case e.IsNull():
				out = append(out, map[string]any{})
			default:
				out = append(out, objectJSON(e.(types.Object), f.children, ep, unknown))
			}
		}
		return out, true
	}
	return nil, false
}

func objectJSON(o types.Object, fs []field, p path.Path, unknown *[]path.Path) map[string]any {
	out := map[string]any{}
	attrs := o.Attributes()
	for _, c := range fs {
		if v, ok := toJSON(attrs[c.name], c, p.AtName(c.name), unknown); ok {
			out[c.key] = v
		}
	}
	return out
}

// fromSpec is s as values: unset keys are null, and so is an object whose
// keys are all unset. The MD5 key is the secret itself: state holds it,
// marked sensitive, as the configuration does.
func fromSpec(s interconnect.Spec) (specValues, error) {
	data, err := json.Marshal(s)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, err
	}
	if peering, ok := m["peering"].(map[string]any); ok {
		delete(peering, "md5AuthKey")
		if k := s.Peering.MD5AuthKey.Reveal(); k != "" {
			peering["md5AuthKey"] = k
		}
	}
	vals := specValues{}
	for _, f := range specFields {
		v, err := fromJSON(m[f.key], f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.key, err)
		}
		vals[f.name] = v
	}
	return vals, nil
}

// fromJSON is the JSON value j of f as a value of f's type.
func fromJSON(j any, f field) (attr.Value, error) {
	if j == nil {
		return nullOf(f), nil
	}
	switch f.kind {
	case kString:
		s, ok := j.(string)
		if !ok {
			return nil, fmt.Errorf("%v is not a string", j)
		}
		if s == "" {
			return types.StringNull(), nil
		}
		return types.StringValue(s), nil
	case kInt:
		n, ok := j.(json.Number)
		if !ok {
			return nil, fmt.Errorf("%v is not a number", j)
		}
		i, err := n.Int64()
		if err != nil || i == 0 {
			return types.Int64Null(), err
		}
		return types.Int64Value(i), nil
	case kBool:
		b, ok := j.(bool)
		if !ok {
			return nil, fmt.Errorf("%v is not a boolean", j)
		}
		return types.BoolValue(b), nil
	case kStrings, kObjectList:
		items, ok := j.([]any)
		if !ok {
			return nil, fmt.Errorf("%v is not a list", j)
		}
		if len(items) == 0 {
			return nullOf(f), nil
		}
		elem := field{kind: kString}
		if f.kind == kObjectList {
			elem = field{kind: kObject, children: f.children}
		}
		var vs []attr.Value
		for i, it := range items {
			v, err := fromJSON(it, elem)
			if err != nil {
				return nil, fmt.Errorf("[%d]: %w", i, err)
			}
			if v.IsNull() && f.kind == kObjectList {
				v = emptyObject(f.children) // an entry is never null
			}
			vs = append(vs, v)
		}
		l, d := types.ListValue(f.attrType().(types.ListType).ElemType, vs)
		return l, diagErr(d)
	case kStringMap:
		items, ok := j.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%v is not a map", j)
		}
		if len(items) == 0 {
			return nullOf(f), nil
		}
		vs := map[string]attr.Value{}
		for k, it := range items {
			s, ok := it.(string)
			if !ok {
				return nil, fmt.Errorf("[%q]: %v is not a string", k, it)
			}
			vs[k] = types.StringValue(s)
		}
		mv, d := types.MapValue(types.StringType, vs)
		return mv, diagErr(d)
	case kObject:
		items, ok := j.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%v is not an object", j)
		}
		vs := map[string]attr.Value{}
		allNull := true
		for _, c := range f.children {
			v, err := fromJSON(items[c.key], c)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", c.key, err)
			}
			vs[c.name] = v
			allNull = allNull && v.IsNull()
		}
		if allNull {
			return nullOf(f), nil
		}
		o, d := types.ObjectValue(attrTypes(f.children), vs)
		return o, diagErr(d)
	}
	return nil, fmt.Errorf("unknown kind %d", f.kind)
}

// nullOf is the null value of f's type.
func nullOf(f field) attr.Value {
	switch f.kind {
	case kInt:
		return types.Int64Null()
	case kBool:
		return types.BoolNull()
	case kStrings, kObjectList:
		return types.ListNull(f.attrType().(types.ListType).ElemType)
	case kStringMap:
		return types.MapNull(types.StringType)
	case kObject:
		return types.ObjectNull(attrTypes(f.children))
	}
	return types.StringNull()
}

// emptyObject is an object of fields fs, all null.
func emptyObject(fs []field) attr.Value {
	vs := map[string]attr.Value{}
	for _, c := range fs {
		vs[c.name] = nullOf(c)
	}
	return types.ObjectValueMust(attrTypes(fs), vs)
}

func diagErr(d diag.Diagnostics) error {
	if !d.HasError() {
		return nil
	}
	var errs []error
	for _, e := range d.Errors() {
		errs = append(errs, errors.New(e.Summary()+": "+e.Detail()))
	}
	return errors.Join(errs...)
}

// under reports whether p is q or lies inside it (q's descendant).
func under(p, q path.Path) bool {
	ps, qs := p.Steps(), q.Steps()
	return len(ps) >= len(qs) && slices.EqualFunc(ps[:len(qs)], qs, func(a, b path.PathStep) bool { return a.Equal(b) })
}
