package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestAttributePath(t *testing.T) {
	tests := []struct {
		field string
		want  string
		exact bool
	}{
		{"name", "name", true},
		{"bandwidth", "bandwidth", true},
		{"azure.gateway.subnetPrefix", "azure.gateway.subnet_prefix", true},
		{"azure.circuitSku.family", "azure.circuit_sku.family", true},
		{"azure.spokes[1].virtualNetwork", "azure.spokes[1].virtual_network", true},
		{"oci.vcns[1].vcnId", "oci.vcns[1].vcn_id", true},
		{"oci.vcns[0].routeTableIds[2]", "oci.vcns[0].route_table_ids[2]", true},
		{"oci.routeTableIds[1]", "oci.route_table_ids[1]", true},
		{"peering.md5AuthKey", "peering.md5_auth_key", true},
		{"peering", "peering", true},
		{"tags.env", `tags["env"]`, true},
		{`tags["cost center.x"]`, `tags["cost center.x"]`, true},
		{"azure.gatway", "azure", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, exact := attributePath(tt.field)
		if got.String() != tt.want || exact != tt.exact {
			t.Errorf("attributePath(%q) = %s, %v; want %s, %v", tt.field, got, exact, tt.want, tt.exact)
		}
	}
}

func TestTranslateKeys(t *testing.T) {
	for in, want := range map[string]string{
		"set azure.fastPath: false, or migrate":                       "set azure.fast_path: false, or migrate",
		"outside azure.gateway.subnetPrefix 10.0.0.0/27":              "outside azure.gateway.subnet_prefix 10.0.0.0/27",
		"set scaleUnits: 10 or more":                                  "set scale_units: 10 or more",
		"is listed for another VCN too, at oci.vcns[0].routeTableIds": "is listed for another VCN too, at oci.vcns[0].route_table_ids",
		"ExpressRoute gateway ErGw3AZ in eastus":                      "ExpressRoute gateway ErGw3AZ in eastus",
	} {
		if got := translateKeys(in); got != want {
			t.Errorf("translateKeys(%q) = %q, want %q", in, got, want)
		}
	}
}

// configOf is a getter over values, as a configuration would give them.
func configOf(vals specValues) getter {
	return func(_ context.Context, p path.Path, target any) diag.Diagnostics {
		v := valueAt(vals, p)
		switch t := target.(type) {
		case *types.String:
			*t, _ = v.(types.String)
		case *types.Int64:
			*t, _ = v.(types.Int64)
		case *types.Bool:
			*t, _ = v.(types.Bool)
		case *types.List:
			*t, _ = v.(types.List)
		case *types.Map:
			*t, _ = v.(types.Map)
		case *types.Object:
			*t, _ = v.(types.Object)
		}
		return nil
	}
}

// TestValidateSpecReportsOnAttributes: every problem of the offline checks
// lands on its attribute path, and values not known yet are left for later.
func TestValidateSpecReportsOnAttributes(t *testing.T) {
	ctx := context.Background()
	// fullSpec sets both location keys, which Validate refuses together.
	valid := fullSpec()
	valid.Azure.PeeringLocation = ""
	base, err := fromSpec(valid)
	if err != nil {
		t.Fatal(err)
	}
	set := func(p string, v attr.Value) specValues { return withAt(t, base, p, v) }
	tests := []struct {
		name string
		vals specValues
		want map[string]string // attribute path → part of the detail
	}{
		{"valid", base, nil},
		{"both location keys", set("azure.peering_location", types.StringValue("Washington DC")),
			map[string]string{"azure.peering_locations": "is set together with azure.peering_location"}},
		{"small gateway subnet", set("azure.gateway.subnet_prefix", types.StringValue("10.10.255.0/28")),
			map[string]string{"azure.gateway.subnet_prefix": "10.10.255.0/28 is smaller than the /27"}},
		{"VCN in another region", set("oci.vcns[0].vcn_id", types.StringValue("ocid1.vcn.oc1.phx.aaaaaaaadb")),
			map[string]string{"oci.vcns[0].vcn_id": "is in region phx"}},
		{"malformed prefix", set("peering.pool", types.StringValue("10.0.0.0/33")),
			map[string]string{"peering.pool": "10.0.0.0/33"}},
		{"bad bandwidth", set("bandwidth", types.StringValue("3Gbps")),
			map[string]string{"bandwidth": "3Gbps is not offered"}},
		{"reserved tag", set(`tags["azoci-interconnect"]`, types.StringValue("x")),
			map[string]string{`tags["azoci-interconnect"]`: "is reserved"}},
		{"unknown VCN: its problems wait", set("oci.vcn_id", types.StringUnknown()), nil},
		{"unknown region, bad subnet still reported",
			withAt(t, set("azure.region", types.StringUnknown()), "azure.gateway.subnet_prefix", types.StringValue("10.10.255.1/27")),
			map[string]string{"azure.gateway.subnet_prefix": "host bits set"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			diags := validateSpec(ctx, configOf(tt.vals))
			got := map[string]string{}
			for _, d := range diags.Errors() {
				p := ""
				if wp, ok := d.(diag.DiagnosticWithPath); ok {
					p = wp.Path().String()
				}
				got[p] += d.Detail()
			}
			for p, want := range tt.want {
				if !strings.Contains(got[p], want) {
					t.Errorf("no error on %s containing %q; got %v", p, want, got)
				}
			}
			if len(got) != len(tt.want) {
				t.Errorf("errors on %d attributes, want %d: %v", len(got), len(tt.want), got)
			}
		})
	}
}

// withAt returns vals with the value at the attribute path p replaced.
func withAt(t *testing.T, vals specValues, p string, v attr.Value) specValues {
	t.Helper()
	ap := mustParse(t, p)
	out := specValues{}
	for k, x := range vals {
		out[k] = x
	}
	root := string(ap.Steps()[0].(path.PathStepAttributeName))
	out[root] = replaceAt(t, vals[root], ap.Steps()[1:], v)
	return out
}
