package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// This file: the azoci_interconnect_health data source: the library's
// Verify, every check, and whether none failed.

type healthDataSource struct{ b backend }

var (
	_ datasource.DataSourceWithConfigure      = (*healthDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*healthDataSource)(nil)
)

func newHealthDataSource() datasource.DataSource { return &healthDataSource{} }

func (d *healthDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_interconnect_health"
}

// checkAttrTypes are the attributes of one check.
var checkAttrTypes = map[string]attr.Type{
	"name": types.StringType, "resource": types.StringType, "location": types.StringType, "status": types.StringType,
	"detail": types.StringType, "hint": types.StringType,
}

func (d *healthDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := dataSourceAttributes(specFields)
	attrs["ok"] = dschema.BoolAttribute{Computed: true, Description: "Whether no check failed (warnings are allowed)."}
	attrs["summary"] = dschema.StringAttribute{Computed: true, Description: "The count of checks by status, such as \"15 checks, 15 pass, 0 warn, 0 fail\"."}
	attrs["checks"] = dschema.ListNestedAttribute{Computed: true,
		Description: "Every check of the library's Verify, in its order: circuit, BGP, ARP, routes, gateway, connection, DRG attachment, route rules, spokes, and with maximum resiliency each location's and interconnect.resiliency. The check names are the library's README's \"Troubleshooting\" headings.",
		NestedObject: dschema.NestedAttributeObject{Attributes: map[string]dschema.Attribute{
			"name":     dschema.StringAttribute{Computed: true, Description: "The check's stable name, such as oci.bgp."},
			"resource": dschema.StringAttribute{Computed: true, Description: "What the check is about when a report holds several of that name (a route table, a spoke, a VCN, a peering location); empty otherwise."},
			"location": dschema.StringAttribute{Computed: true, Description: "The peering location of the circuit a per-circuit check is about (azure.circuit, oci.bgp, azure.arp.primary, …); empty for the others."},
			"status":   dschema.StringAttribute{Computed: true, Description: "pass, warn or fail."},
			"detail":   dschema.StringAttribute{Computed: true, Description: "What the check found."},
			"hint":     dschema.StringAttribute{Computed: true, Description: "What to do when it does not pass."},
		}}}
	resp.Schema = dschema.Schema{
		Description: "Checks an interconnect end to end with the library's Verify. The arguments are the interconnect's spec, with the resource's schema: " +
			"write azure = azoci_interconnect.x.azure and so on, and gate a check {} block or a postcondition on ok.",
		Attributes: attrs,
	}
}

func (d *healthDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	if req.ProviderData == nil {
		return
	}
	b, ok := req.ProviderData.(backend)
	if !ok {
		resp.Diagnostics.AddError("Unexpected provider data", fmt.Sprintf("%T", req.ProviderData))
		return
	}
	d.b = b
}

func (d *healthDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	resp.Diagnostics.Append(validateSpec(ctx, req.Config.GetAttribute)...)
}

func (d *healthDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	vals, diags := readSpecValues(ctx, req.Config.GetAttribute)
	if resp.Diagnostics.Append(diags...); diags.HasError() {
		return
	}
	s, _, err := vals.toSpec()
	if err == nil {
		err = s.Validate()
	}
	if err != nil {
		addProblems(&resp.Diagnostics, err, nil, "Invalid interconnect")
		return
	}
	if d.b == nil {
		resp.Diagnostics.AddError("The provider is not configured", "Its configuration is not known yet.")
		return
	}
	c, diags := clientFor(ctx, d.b, s)
	if resp.Diagnostics.Append(diags...); diags.HasError() {
		return
	}
	rep, err := c.Verify(ctx, s)
	resp.Diagnostics.Append(d.b.done(ctx)...)
	if err != nil {
		addProblems(&resp.Diagnostics, err, nil, "The interconnect cannot be verified")
		return
	}
	checks := make([]attr.Value, 0, len(rep.Checks))
	for _, ch := range rep.Checks {
		checks = append(checks, types.ObjectValueMust(checkAttrTypes, map[string]attr.Value{
			"name": types.StringValue(ch.Name), "resource": types.StringValue(ch.Resource), "location": types.StringValue(ch.Location),
			"status": types.StringValue(ch.Status.String()),
			"detail": types.StringValue(ch.Detail), "hint": types.StringValue(ch.Hint),
		}))
	}
	resp.State.Raw = req.Config.Raw.Copy()
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("ok"), types.BoolValue(rep.OK()))...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("summary"), types.StringValue(rep.Summary()))...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("checks"), types.ListValueMust(types.ObjectType{AttrTypes: checkAttrTypes}, checks))...)
}
