package provider

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// noCredential is an Azure credential that finds nothing, as
// DefaultAzureCredential does on a machine with no login.
type noCredential struct{}

func (noCredential) GetToken(context.Context, policy.TokenRequestOptions) (azcore.AccessToken, error) {
	return azcore.AccessToken{}, errors.New("DefaultAzureCredential: failed to acquire a token")
}

// configure runs the provider's Configure on a provider block given as
// attribute values (nil for a null block).
func configure(t *testing.T, blocks map[string]map[string]tftypes.Value) (*provider.ConfigureResponse, any) {
	t.Helper()
	ctx := context.Background()
	p := New("test")().(*azociProvider)
	var sr provider.SchemaResponse
	p.Schema(ctx, provider.SchemaRequest{}, &sr)
	typ := sr.Schema.Type().TerraformType(ctx).(tftypes.Object)
	vals := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		obj := at.(tftypes.Object)
		given, ok := blocks[name]
		if !ok {
			vals[name] = tftypes.NewValue(obj, nil)
			continue
		}
		fields := map[string]tftypes.Value{}
		for f, ft := range obj.AttributeTypes {
			if v, ok := given[f]; ok {
				fields[f] = v
			} else {
				fields[f] = tftypes.NewValue(ft, nil)
			}
		}
		vals[name] = tftypes.NewValue(obj, fields)
	}
	resp := &provider.ConfigureResponse{}
	p.Configure(ctx, provider.ConfigureRequest{Config: tfsdk.Config{Schema: sr.Schema, Raw: tftypes.NewValue(typ, vals)}}, resp)
	return resp, resp.ResourceData
}

func tfStr(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }

// TestConfigureReportsBothClouds: like the CLI, the provider checks both
// clouds' credentials before reading any, and reports each cloud's problem
// with its fix, both at once, on the cloud's block.
func TestConfigureReportsBothClouds(t *testing.T) {
	old := newAzureCredential
	t.Cleanup(func() { newAzureCredential = old })
	newAzureCredential = func() (azcore.TokenCredential, error) { return noCredential{}, nil }

	missing := filepath.Join(t.TempDir(), "oci-config")
	resp, data := configure(t, map[string]map[string]tftypes.Value{"oci": {"config_file": tfStr(missing)}})
	if data != nil {
		t.Error("configured a backend despite the problems")
	}
	got := map[string]diag.Diagnostic{}
	for _, d := range resp.Diagnostics.Errors() {
		got[d.(diag.DiagnosticWithPath).Path().String()] = d
	}
	for p, want := range map[string][]string{
		"azure": {"The Azure credentials do not work", "DefaultAzureCredential found no credential (no AZURE_* variables, workload or managed identity, or az login).\nFix: run `az login`"},
		"oci":   {"The OCI credentials do not work", "the config file " + missing + " does not exist (given by oci.config_file).\nFix: correct oci.config_file, or run `oci setup config`."},
	} {
		d, ok := got[p]
		if !ok {
			t.Errorf("no error on %s; got %v", p, resp.Diagnostics)
			continue
		}
		for _, w := range want {
			if !strings.Contains(d.Summary()+"\n"+d.Detail(), w) {
				t.Errorf("%s: %q lacks %q", p, d.Summary()+"\n"+d.Detail(), w)
			}
		}
	}
	if len(got) != 2 {
		t.Errorf("%d errors, want one per cloud: %v", len(got), resp.Diagnostics)
	}
}

// TestConfigureSimulator: the simulator block needs no credentials; it
// refuses to be mixed with the clouds' blocks and a scale out of range.
func TestConfigureSimulator(t *testing.T) {
	old := newAzureCredential
	t.Cleanup(func() { newAzureCredential = old })
	newAzureCredential = func() (azcore.TokenCredential, error) {
		t.Error("the simulator asked for an Azure credential")
		return noCredential{}, nil
	}
	file := tfStr(filepath.Join(t.TempDir(), "world.json"))
	for _, tt := range []struct {
		name   string
		blocks map[string]map[string]tftypes.Value
		err    string
	}{
		{"simulator", map[string]map[string]tftypes.Value{"simulator": {"state_file": file}}, ""},
		{"and azure", map[string]map[string]tftypes.Value{"simulator": {"state_file": file}, "azure": {}}, "The simulator replaces both clouds"},
		{"bad scale", map[string]map[string]tftypes.Value{"simulator": {"state_file": file, "time_scale": tftypes.NewValue(tftypes.Number, 2)}}, "time_scale out of range"},
	} {
		resp, data := configure(t, tt.blocks)
		switch {
		case tt.err == "" && (resp.Diagnostics.HasError() || data == nil):
			t.Errorf("%s: %v, backend %v", tt.name, resp.Diagnostics, data)
		case tt.err != "" && (!resp.Diagnostics.HasError() || !strings.Contains(resp.Diagnostics.Errors()[0].Summary(), tt.err)):
			t.Errorf("%s: %v, want %q", tt.name, resp.Diagnostics, tt.err)
		}
	}
}
