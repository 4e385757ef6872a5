package provider

import (
	"context"
	"net/netip"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/azoci/interconnect"
	"github.com/azoci/interconnect/secret"
)

// TestEverySpecKeyHasAnAttribute walks interconnect.Spec by reflection: every
// key of its JSON form has a field of the same kind in specFields, and
// every field names a key of Spec. It fails when the spec grows a key the
// schema does not follow.
func TestEverySpecKeyHasAnAttribute(t *testing.T) {
	var walk func(typ reflect.Type, fs []field, at string)
	walk = func(typ reflect.Type, fs []field, at string) {
		keys := map[string]bool{}
		for i := range typ.NumField() {
			sf := typ.Field(i)
			key, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
			if !sf.IsExported() || key == "" || key == "-" {
				continue
			}
			keys[key] = true
			f, ok := findKey(fs, key)
			if !ok {
				t.Errorf("spec key %s%s has no attribute in specFields", at, key)
				continue
			}
			if want := kindOf(sf.Type); f.kind != want {
				t.Errorf("%s%s: attribute %s has kind %d, want %d (Go type %s)", at, key, f.name, f.kind, want, sf.Type)
			}
			switch f.kind {
			case kObject:
				walk(sf.Type, f.children, at+key+".")
			case kObjectList:
				walk(sf.Type.Elem(), f.children, at+key+"[].")
			}
		}
		for _, f := range fs {
			if !keys[f.key] {
				t.Errorf("attribute %s names %s%s, which Spec does not have", f.name, at, f.key)
			}
		}
	}
	walk(reflect.TypeFor[interconnect.Spec](), specFields, "")
}

func findKey(fs []field, key string) (field, bool) {
	for _, f := range fs {
		if f.key == key {
			return f, true
		}
	}
	return field{}, false
}

// kindOf is the attribute kind a Go type of the spec maps to.
func kindOf(t reflect.Type) kind {
	switch t {
	case reflect.TypeFor[netip.Prefix](), reflect.TypeFor[secret.Value](), reflect.TypeFor[interconnect.Bandwidth]():
		return kString // written as text
	case reflect.TypeFor[*bool]():
		return kBool
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int64:
		return kInt
	case reflect.Bool:
		return kBool
	case reflect.Map:
		return kStringMap
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Struct {
			return kObjectList
		}
		return kStrings
	case reflect.Struct:
		return kObject
	}
	return kString
}

// fullSpec sets every key of the spec, estate included, to a distinct value.
func fullSpec() interconnect.Spec {
	off := false
	return interconnect.Spec{
		Name: "ora-link", Bandwidth: 2 * interconnect.Gbps, Resiliency: "maximum",
		Azure: interconnect.AzureSpec{
			SubscriptionID: "0b1f6471-1bf0-4dda-aec3-111122223333", ResourceGroup: "rg-network", Region: "eastus",
			VirtualNetwork: "vnet-hub", PeeringLocation: "Washington DC2",
			PeeringLocations:         []string{"Washington DC2", "Washington DC"},
			PreferredPeeringLocation: "Washington DC",
			CircuitSKU:               interconnect.CircuitSKU{Tier: "Premium", Family: "UnlimitedData"},
			Gateway: interconnect.GatewaySpec{Name: "gw-ora", SKU: "ErGwScale",
				SubnetPrefix: netip.MustParsePrefix("10.10.255.0/27"), ScaleUnits: 12},
			FastPath: &off,
			Spokes: []interconnect.SpokeSpec{{VirtualNetwork: "vnet-app1", ResourceGroup: "rg-apps"},
				{VirtualNetwork: "vnet-app2"}},
		},
		OCI: interconnect.OCISpec{
			Region: "us-ashburn-1", CompartmentID: "ocid1.compartment.oc1..aaaaaaaacomp",
			VCNID: "ocid1.vcn.oc1.iad.aaaaaaaavcn", DRGID: "ocid1.drg.oc1.iad.aaaaaaaadrg",
			RouteTableIDs: []string{"ocid1.routetable.oc1.iad.aaaaaaaart1", "ocid1.routetable.oc1.iad.aaaaaaaart2"},
			VCNs: []interconnect.VCNSpec{{VCNID: "ocid1.vcn.oc1.iad.aaaaaaaadb",
				RouteTableIDs: []string{"ocid1.routetable.oc1.iad.aaaaaaaart3"}, CompartmentID: "ocid1.compartment.oc1..aaaaaaaadb"}},
		},
		Peering: interconnect.PeeringSpec{Pool: netip.MustParsePrefix("10.200.0.0/24"),
			Primary: netip.MustParsePrefix("192.168.250.0/30"), Secondary: netip.MustParsePrefix("192.168.250.4/30"),
			SecondLocation: interconnect.BGPBlocks{Primary: netip.MustParsePrefix("192.168.250.8/30"), Secondary: netip.MustParsePrefix("192.168.250.12/30")},
			VLAN:           321, MD5AuthKey: "s3cret-md5"},
		Tags: map[string]string{"env": "prod", "cost-center": "1234"},
	}
}

// fullAttributes are fullSpec's values, attribute by attribute: one row
// per key of the spec.
var fullAttributes = map[string]string{
	"name":                              "ora-link",
	"bandwidth":                         "2Gbps",
	"resiliency":                        "maximum",
	"azure.peering_locations[0]":        "Washington DC2",
	"azure.peering_locations[1]":        "Washington DC",
	"azure.preferred_peering_location":  "Washington DC",
	"peering.second_location.primary":   "192.168.250.8/30",
	"peering.second_location.secondary": "192.168.250.12/30",
	`tags["env"]`:                       "prod",
	`tags["cost-center"]`:               "1234",
	"azure.subscription_id":             "0b1f6471-1bf0-4dda-aec3-111122223333",
	"azure.resource_group":              "rg-network",
	"azure.region":                      "eastus",
	"azure.virtual_network":             "vnet-hub",
	"azure.peering_location":            "Washington DC2",
	"azure.circuit_sku.tier":            "Premium",
	"azure.circuit_sku.family":          "UnlimitedData",
	"azure.gateway.name":                "gw-ora",
	"azure.gateway.sku":                 "ErGwScale",
	"azure.gateway.subnet_prefix":       "10.10.255.0/27",
	"azure.gateway.scale_units":         "12",
	"azure.fast_path":                   "false",
	"azure.spokes[0].virtual_network":   "vnet-app1",
	"azure.spokes[0].resource_group":    "rg-apps",
	"azure.spokes[1].virtual_network":   "vnet-app2",
	"azure.spokes[1].resource_group":    "<null>",
	"oci.region":                        "us-ashburn-1",
	"oci.compartment_id":                "ocid1.compartment.oc1..aaaaaaaacomp",
	"oci.vcn_id":                        "ocid1.vcn.oc1.iad.aaaaaaaavcn",
	"oci.drg_id":                        "ocid1.drg.oc1.iad.aaaaaaaadrg",
	"oci.route_table_ids[0]":            "ocid1.routetable.oc1.iad.aaaaaaaart1",
	"oci.route_table_ids[1]":            "ocid1.routetable.oc1.iad.aaaaaaaart2",
	"oci.vcns[0].vcn_id":                "ocid1.vcn.oc1.iad.aaaaaaaadb",
	"oci.vcns[0].route_table_ids[0]":    "ocid1.routetable.oc1.iad.aaaaaaaart3",
	"oci.vcns[0].compartment_id":        "ocid1.compartment.oc1..aaaaaaaadb",
	"peering.pool":                      "10.200.0.0/24",
	"peering.primary":                   "192.168.250.0/30",
	"peering.secondary":                 "192.168.250.4/30",
	"peering.vlan":                      "321",
	"peering.md5_auth_key":              "s3cret-md5",
}

// leaves returns every scalar of vals by attribute path, as text ("<null>"
// for null).
func leaves(vals specValues) map[string]string {
	out := map[string]string{}
	var walk func(v attr.Value, p path.Path)
	walk = func(v attr.Value, p path.Path) {
		switch v := v.(type) {
		case types.Object:
			for k, c := range v.Attributes() {
				if !v.IsNull() {
					walk(c, p.AtName(k))
				}
			}
		case types.List:
			for i, e := range v.Elements() {
				walk(e, p.AtListIndex(i))
			}
		case types.Map:
			for k, e := range v.Elements() {
				walk(e, p.AtMapKey(k))
			}
		case types.String:
			out[p.String()] = orNull(v.IsNull(), v.ValueString())
		case types.Int64:
			out[p.String()] = orNull(v.IsNull(), v.String())
		case types.Bool:
			out[p.String()] = orNull(v.IsNull(), v.String())
		}
	}
	for name, v := range vals {
		walk(v, path.Root(name))
	}
	return out
}

func orNull(null bool, s string) string {
	if null {
		return "<null>"
	}
	return s
}

// TestSpecToAttributes: every key of a full spec lands on its attribute,
// with its value (the MD5 key in clear: the state holds it, sensitive).
func TestSpecToAttributes(t *testing.T) {
	// fullSpec sets every key, or the mapping could miss one silently.
	assertEveryFieldSet(t, reflect.ValueOf(fullSpec()), "spec")
	vals, err := fromSpec(fullSpec())
	if err != nil {
		t.Fatal(err)
	}
	got := leaves(vals)
	for p, want := range fullAttributes {
		if got[p] != want {
			t.Errorf("%s = %q, want %q", p, got[p], want)
		}
	}
	for p, v := range got {
		if _, ok := fullAttributes[p]; !ok {
			t.Errorf("unexpected attribute %s = %q", p, v)
		}
	}
}

// TestAttributesToSpec: attributes set one by one (fullAttributes) decode
// to the full spec, and a spec survives the way there and back.
func TestAttributesToSpec(t *testing.T) {
	vals, err := fromSpec(fullSpec())
	if err != nil {
		t.Fatal(err)
	}
	s, unknown, err := vals.toSpec()
	if err != nil || len(unknown) > 0 {
		t.Fatal(err, unknown)
	}
	if !reflect.DeepEqual(s, fullSpec()) {
		t.Errorf("round trip:\n got %+v\nwant %+v", s, fullSpec())
	}
	// Each attribute on its own decodes to its key: change one value and
	// only that key changes.
	for p := range fullAttributes {
		if strings.HasSuffix(p, "resource_group") && strings.Contains(p, "spokes[1]") {
			continue // null on purpose
		}
		ap := mustParse(t, p)
		changed := withValue(t, vals, ap)
		cs, _, err := changed.toSpec()
		if err != nil {
			t.Errorf("%s changed: %v", p, err)
			continue
		}
		back, _ := fromSpec(cs)
		for q, v := range leaves(back) {
			if (q == p) == (v == fullAttributes[q]) {
				t.Errorf("changing %s: %s = %q (was %q)", p, q, v, fullAttributes[q])
			}
		}
	}
}

// mustParse turns a leaves() path back into a path.Path.
func mustParse(t *testing.T, s string) path.Path {
	t.Helper()
	var p path.Path
	for i, tok := range splitFieldPath(s) {
		switch {
		case tok.index >= 0:
			p = p.AtListIndex(tok.index)
		case i == 0:
			p = path.Root(tok.name)
		case strings.HasPrefix(s, "tags"):
			p = p.AtMapKey(tok.name)
		default:
			p = p.AtName(tok.name)
		}
	}
	return p
}

// withValue returns vals with the scalar at p replaced by another valid
// value of its kind.
func withValue(t *testing.T, vals specValues, p path.Path) specValues {
	t.Helper()
	alt := map[string]attr.Value{
		"name": types.StringValue("other-link"), "bandwidth": types.StringValue("5Gbps"),
		"azure.region": types.StringValue("canadacentral"), "azure.peering_location": types.StringValue("Toronto"),
		"azure.gateway.subnet_prefix": types.StringValue("10.10.254.0/27"), "azure.gateway.scale_units": types.Int64Value(14),
		"azure.fast_path": types.BoolValue(true), "peering.pool": types.StringValue("10.201.0.0/24"),
		"peering.primary": types.StringValue("192.168.251.0/30"), "peering.secondary": types.StringValue("192.168.251.4/30"),
		"peering.vlan": types.Int64Value(654), "resiliency": types.StringValue("standard"),
		"peering.second_location.primary": types.StringValue("192.168.251.8/30"), "peering.second_location.secondary": types.StringValue("192.168.251.12/30"),
	}
	v, ok := alt[p.String()]
	if !ok {
		v = types.StringValue("changed-" + strings.NewReplacer("[", "", "]", "", "\"", "").Replace(p.String()))
	}
	out := specValues{}
	for k, x := range vals {
		out[k] = x
	}
	root := p.Steps()[0].(path.PathStepAttributeName)
	out[string(root)] = replaceAt(t, vals[string(root)], p.Steps()[1:], v)
	return out
}

func replaceAt(t *testing.T, v attr.Value, steps path.PathSteps, nv attr.Value) attr.Value {
	t.Helper()
	if len(steps) == 0 {
		return nv
	}
	switch st := steps[0].(type) {
	case path.PathStepAttributeName:
		o := v.(types.Object)
		attrs := o.Attributes()
		attrs[string(st)] = replaceAt(t, attrs[string(st)], steps[1:], nv)
		return types.ObjectValueMust(o.AttributeTypes(context.Background()), attrs)
	case path.PathStepElementKeyInt:
		l := v.(types.List)
		es := l.Elements()
		es[st] = replaceAt(t, es[st], steps[1:], nv)
		return types.ListValueMust(l.ElementType(context.Background()), es)
	case path.PathStepElementKeyString:
		m := v.(types.Map)
		es := m.Elements()
		es[string(st)] = nv
		return types.MapValueMust(types.StringType, es)
	}
	t.Fatalf("unexpected step %v", steps[0])
	return nil
}

// assertEveryFieldSet fails for a zero field of v, recursively.
func assertEveryFieldSet(t *testing.T, v reflect.Value, at string) {
	t.Helper()
	switch v.Kind() {
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[netip.Prefix]() {
			if v.IsZero() {
				t.Errorf("%s is not set", at)
			}
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				assertEveryFieldSet(t, v.Field(i), at+"."+v.Type().Field(i).Name)
			}
		}
	case reflect.Slice:
		if v.Len() == 0 {
			t.Errorf("%s is empty", at)
		}
		for i := range v.Len() {
			if v.Index(i).Kind() == reflect.Struct {
				assertEveryFieldSet(t, v.Index(0), at+"[0]")
				return
			}
		}
	default:
		if v.IsZero() {
			t.Errorf("%s is not set", at)
		}
	}
}

// TestSchemasAgree: the data source's spec attributes have the resource's
// types, so a configuration can write azure = azoci_interconnect.x.azure.
func TestSchemasAgree(t *testing.T) {
	ctx := context.Background()
	var rs resource.SchemaResponse
	newInterconnectResource().Schema(ctx, resource.SchemaRequest{}, &rs)
	var ds datasource.SchemaResponse
	newHealthDataSource().Schema(ctx, datasource.SchemaRequest{}, &ds)
	for _, f := range specFields {
		rt := rs.Schema.Attributes[f.name].GetType()
		dt := ds.Schema.Attributes[f.name].GetType()
		if !rt.Equal(dt) || !rt.Equal(f.attrType()) {
			t.Errorf("%s: resource %s, data source %s, field %s", f.name, rt, dt, f.attrType())
		}
	}
	rmd5 := rs.Schema.Attributes["peering"].(rschema.SingleNestedAttribute).Attributes["md5_auth_key"]
	dmd5 := ds.Schema.Attributes["peering"].(dschema.SingleNestedAttribute).Attributes["md5_auth_key"]
	if !rmd5.IsSensitive() || !dmd5.IsSensitive() || !rs.Schema.Attributes[attrServiceKey].IsSensitive() || !rs.Schema.Attributes[attrSecondServiceKey].IsSensitive() {
		t.Error("peering.md5_auth_key, service_key and second_service_key must be sensitive")
	}
}
