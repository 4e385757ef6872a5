package provider

import (
	"context"
	"errors"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/azoci/interconnect"
	"github.com/azoci/interconnect/oci"
)

// This file: import. The ID names the interconnect as the library finds it
// again: <subscription>/<resource group>/<name>/<OCI compartment OCID>.
// ImportState records those; the Read that follows reads the rest of the
// spec back from the clouds (interconnect.Discover).

const importIDForm = "<subscription>/<resource group>/<name>/<OCI compartment OCID>"

func (r *interconnectResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	parts := strings.Split(req.ID, "/")
	if len(parts) != 4 || slicesContainsEmpty(parts) {
		resp.Diagnostics.AddError("Invalid import ID",
			"Give the interconnect as "+importIDForm+", for example 0b1f6471-1bf0-4dda-aec3-111122223333/rg-network/ora-link/ocid1.compartment.oc1..aaaa: "+
				"the library finds its Azure resources by name in that resource group and its OCI resources by name and tag in that compartment.")
		return
	}
	set := func(p path.Path, v string) {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, p, types.StringValue(v))...)
	}
	set(path.Root(attrID), req.ID)
	set(subscriptionPath, parts[0])
	set(path.Root("azure").AtName("resource_group"), parts[1])
	set(path.Root("name"), parts[2])
	set(path.Root("oci").AtName("compartment_id"), parts[3])
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, keyImported, []byte("true"))...)
}

func slicesContainsEmpty(parts []string) bool {
	for _, p := range parts {
		if strings.TrimSpace(p) == "" {
			return true
		}
	}
	return false
}

// discover reads back the spec of an imported interconnect, whose state
// holds only what the import ID gives.
func (r *interconnectResource) discover(ctx context.Context, vals specValues, diags *diag.Diagnostics) (specValues, bool) {
	str := func(p path.Path) string {
		if v, ok := valueAt(vals, p).(types.String); ok {
			return v.ValueString()
		}
		return ""
	}
	sub, rg := str(subscriptionPath), str(path.Root("azure").AtName("resource_group"))
	name, comp := str(path.Root("name")), str(path.Root("oci").AtName("compartment_id"))
	az, d := r.b.azure(ctx, sub)
	if diags.Append(d...); diags.HasError() {
		return nil, false
	}
	defer func() { diags.Append(r.b.done(ctx)...) }()
	ociIn := func(region string) (oci.Network, error) {
		oc, d := r.b.oci(ctx, region)
		if d.HasError() {
			diags.Append(d...)
			return nil, errors.New("no OCI client for " + region)
		}
		return oc, nil
	}
	s, err := interconnect.Discover(ctx, az, ociIn, rg, name, comp)
	if err != nil {
		if !diags.HasError() {
			diags.AddError("Importing the interconnect", translateKeys(err.Error()))
		}
		return nil, false
	}
	out, err := fromSpec(s)
	if err != nil {
		diags.AddError("Importing the interconnect", err.Error())
		return nil, false
	}
	return out, true
}
