package provider

import (
	"context"
	"fmt"
	"maps"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/azoci/interconnect"
)

// This file: the azoci_interconnect resource's schema, its state, and the
// plumbing its operations share (resource_plan.go plans, resource_apply.go
// applies, resource_import.go imports).

// Default timeouts: create and update cover the 45 minutes of a gateway with
// room to spare; delete the wait for Oracle's deprovisioning and the
// gateway's deletion.
const (
	defaultCreateTimeout = 90 * time.Minute
	defaultUpdateTimeout = 90 * time.Minute
	defaultDeleteTimeout = 90 * time.Minute
)

type interconnectResource struct{ b backend }

var (
	_ resource.ResourceWithConfigure      = (*interconnectResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*interconnectResource)(nil)
	_ resource.ResourceWithValidateConfig = (*interconnectResource)(nil)
	_ resource.ResourceWithImportState    = (*interconnectResource)(nil)
)

func newInterconnectResource() resource.Resource { return &interconnectResource{} }

func (r *interconnectResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_interconnect"
}

// The computed attributes, at the top level so that azure, oci and peering
// hold exactly the spec and can be handed to the health data source.
const (
	attrID               = "id"
	attrCircuitID        = "circuit_id"
	attrServiceKey       = "service_key"
	attrPeeringLocations = "peering_locations"
	attrGatewayID        = "gateway_id"
	attrConnectionID     = "connection_id"
	attrDRGID            = "drg_id"
	attrVirtualCircuitID = "virtual_circuit_id"
	attrBGPPrimary       = "bgp_primary"
	attrBGPSecondary     = "bgp_secondary"
	attrInSync           = "in_sync"
	attrSecondLocation   = "second_location"
	// attrSecondServiceKey is the second location's service key. It is not
	// inside second_location: OpenTofu 1.10 loses the sensitivity of an
	// attribute nested in a computed object when it records an apply, so
	// the next plan (-refresh=false) would show an update to mark it again.
	attrSecondServiceKey = "second_service_key"
)

// secondLocationTypes are the attributes of second_location: the first
// location's attributes, for the second location of maximum resiliency.
var secondLocationTypes = map[string]attr.Type{
	"peering_location": types.StringType, attrCircuitID: types.StringType,
	attrConnectionID: types.StringType, attrVirtualCircuitID: types.StringType, attrBGPPrimary: types.StringType, attrBGPSecondary: types.StringType,
}

func (r *interconnectResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	attrs := resourceAttributes(specFields)
	str := func(desc string) rschema.StringAttribute {
		return rschema.StringAttribute{Computed: true, Description: desc}
	}
	attrs[attrID] = str(importIDForm + ": what import takes.")
	attrs[attrCircuitID] = str("The ARM ID of the ExpressRoute circuit (of the first location, with maximum resiliency; see second_location).")
	attrs[attrServiceKey] = rschema.StringAttribute{Computed: true, Sensitive: true, Description: "The ExpressRoute circuit's service key (sensitive)."}
	attrs[attrPeeringLocations] = rschema.ListAttribute{Computed: true, ElementType: types.StringType, Description: "The peering location of each circuit, the first location first."}
	attrs[attrGatewayID] = str("The ARM ID of the VNet's ExpressRoute gateway (adopted or the library's).")
	attrs[attrConnectionID] = str("The ARM ID of the connection from the gateway to the circuit.")
	attrs[attrDRGID] = str("The OCID of the DRG (oci.drg_id, or the one the library made).")
	attrs[attrVirtualCircuitID] = str("The OCID of the FastConnect virtual circuit.")
	attrs[attrBGPPrimary] = str("The BGP /30 of the primary path in use.")
	attrs[attrBGPSecondary] = str("The BGP /30 of the secondary path in use.")
	attrs[attrSecondLocation] = rschema.SingleNestedAttribute{Computed: true,
		Description: "Maximum resiliency: the second location's peering location, circuit ARM ID, connection ARM ID, virtual circuit OCID and BGP /30s in use (its service key is second_service_key); null with standard resiliency. The top-level attributes describe the first location.",
		Attributes: map[string]rschema.Attribute{
			"peering_location":   str("The second peering location."),
			attrCircuitID:        str("The ARM ID of its ExpressRoute circuit (<name>-er-2)."),
			attrConnectionID:     str("The ARM ID of the gateway's connection to it (<name>-conn-2)."),
			attrVirtualCircuitID: str("The OCID of its FastConnect virtual circuit."),
			attrBGPPrimary:       str("Its primary BGP /30 in use."),
			attrBGPSecondary:     str("Its secondary BGP /30 in use."),
		}}
	attrs[attrSecondServiceKey] = rschema.StringAttribute{Computed: true, Sensitive: true,
		Description: "Maximum resiliency: the second location's circuit's service key (sensitive); null with standard resiliency."}
	attrs[attrInSync] = rschema.BoolAttribute{Computed: true,
		Description: "Whether the clouds hold the interconnect as specified: false when the library's plan has anything to do (drift, such as a route rule removed by hand, or an interconnect still being built); the next plan then shows the repair."}
	resp.Schema = rschema.Schema{
		Description: "An Azure ExpressRoute ↔ OCI FastConnect interconnect, planned, applied, verified and torn down by github.com/azoci/interconnect. " +
			"The arguments are the library's spec, in snake_case; see the library's README for every key's rules and defaults.",
		Attributes: attrs,
		Blocks:     map[string]rschema.Block{"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Update: true, Delete: true})},
	}
}

func (r *interconnectResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	if req.ProviderData == nil {
		return
	}
	b, ok := req.ProviderData.(backend)
	if !ok {
		resp.Diagnostics.AddError("Unexpected provider data", fmt.Sprintf("%T", req.ProviderData))
		return
	}
	r.b = b
}

// ValidateConfig runs the spec's offline checks (interconnect.Spec.Validate)
// and reports each problem on its attribute. Values not known yet are
// checked at plan or apply time.
func (r *interconnectResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	resp.Diagnostics.Append(validateSpec(ctx, req.Config.GetAttribute)...)
}

// validateSpec reads the spec's attributes with get, decodes and validates
// them, and reports every problem on its attribute.
func validateSpec(ctx context.Context, get getter) diag.Diagnostics {
	vals, diags := readSpecValues(ctx, get)
	if diags.HasError() {
		return diags
	}
	s, unknown, err := vals.toSpec()
	if err != nil {
		addProblems(&diags, err, unknown, "Invalid interconnect")
		return diags
	}
	if err := s.Validate(); err != nil {
		addProblems(&diags, err, unknown, "Invalid interconnect")
	}
	return diags
}

// outputs are the computed attributes' values, by name.
type outputs map[string]attr.Value

// outputNames lists the computed attributes.
var outputNames = []string{attrID, attrCircuitID, attrServiceKey, attrPeeringLocations, attrGatewayID, attrConnectionID,
	attrDRGID, attrVirtualCircuitID, attrBGPPrimary, attrBGPSecondary, attrInSync, attrSecondLocation, attrSecondServiceKey}

// importID is the ID of the interconnect s: what import takes
// (importIDForm).
func importID(s interconnect.Spec) string {
	return strings.Join([]string{s.Azure.SubscriptionID, s.Azure.ResourceGroup, s.Name, s.OCI.CompartmentID}, "/")
}

// unknownOutputs are every computed attribute unknown but id and the
// circuit's ID, which follow from the spec.
func unknownOutputs(s interconnect.Spec) outputs {
	o := outputs{attrID: types.StringValue(importID(s)), attrCircuitID: types.StringValue(s.CircuitID()),
		attrPeeringLocations: types.ListUnknown(types.StringType), attrInSync: types.BoolUnknown()}
	for _, n := range []string{attrServiceKey, attrGatewayID, attrConnectionID, attrDRGID, attrVirtualCircuitID, attrBGPPrimary, attrBGPSecondary} {
		o[n] = types.StringUnknown()
	}
	o[attrSecondLocation], o[attrSecondServiceKey] = types.ObjectNull(secondLocationTypes), types.StringNull()
	if s.WithDefaults(nil).Maximum() {
		o[attrSecondLocation], o[attrSecondServiceKey] = types.ObjectUnknown(secondLocationTypes), types.StringUnknown()
	}
	return o
}

// outputsOf are the computed attributes of what inv found: the first
// location's at the top level, the second's in second_location.
func outputsOf(s interconnect.Spec, inv *interconnect.Inventory, inSync bool) outputs {
	var locs []attr.Value
	for _, l := range inv.Locations {
		if l.PeeringLocation != "" {
			locs = append(locs, types.StringValue(l.PeeringLocation))
		}
	}
	first, _ := inv.Location(0)
	o := locationOutputs(first)
	o[attrID] = types.StringValue(importID(s))
	o[attrPeeringLocations] = types.ListValueMust(types.StringType, locs)
	o[attrGatewayID] = str(inv.GatewayID)
	o[attrDRGID] = str(inv.DRGID)
	o[attrInSync] = types.BoolValue(inSync)
	o[attrSecondLocation], o[attrSecondServiceKey] = types.ObjectNull(secondLocationTypes), types.StringNull()
	if second, ok := inv.Location(1); ok {
		so := locationOutputs(second)
		o[attrSecondServiceKey] = so[attrServiceKey]
		delete(so, attrServiceKey)
		so["peering_location"] = str(second.PeeringLocation)
		o[attrSecondLocation] = types.ObjectValueMust(secondLocationTypes, so)
	}
	return o
}

// locationOutputs are the attributes of one location.
func locationOutputs(l interconnect.LocationInventory) outputs {
	prefix := func(p netip.Prefix) attr.Value {
		if !p.IsValid() {
			return types.StringNull()
		}
		return types.StringValue(p.String())
	}
	return outputs{
		attrCircuitID:        str(l.CircuitID),
		attrServiceKey:       str(l.ServiceKey.Reveal()),
		attrConnectionID:     str(l.ConnectionID),
		attrVirtualCircuitID: str(l.VirtualCircuitID),
		attrBGPPrimary:       prefix(l.Primary),
		attrBGPSecondary:     prefix(l.Secondary),
	}
}

// str is v as a value: null when "".
func str(v string) attr.Value {
	if v == "" {
		return types.StringNull()
	}
	return types.StringValue(v)
}

// readOutputs reads the computed attributes with get.
func readOutputs(ctx context.Context, get getter) (outputs, diag.Diagnostics) {
	var diags diag.Diagnostics
	o := outputs{}
	for _, n := range outputNames {
		var v attr.Value
		var d diag.Diagnostics
		switch n {
		case attrPeeringLocations:
			var l types.List
			d, v = get(ctx, path.Root(n), &l), nil
			v = l
		case attrInSync:
			var b types.Bool
			d = get(ctx, path.Root(n), &b)
			v = b
		case attrSecondLocation:
			var ob types.Object
			d = get(ctx, path.Root(n), &ob)
			v = ob
		default:
			var s types.String
			d = get(ctx, path.Root(n), &s)
			v = s
		}
		diags.Append(d...)
		o[n] = v
	}
	return o, diags
}

// setter writes one attribute: tfsdk.State and Plan's SetAttribute.
type setter func(ctx context.Context, p path.Path, v any) diag.Diagnostics

// write sets the spec's attributes and the outputs with set.
func write(ctx context.Context, set setter, vals specValues, out outputs) diag.Diagnostics {
	var diags diag.Diagnostics
	for _, m := range []map[string]attr.Value{vals, out} {
		for _, n := range sortedKeys(m) {
			diags.Append(set(ctx, path.Root(n), m[n])...)
		}
	}
	return diags
}

func sortedKeys(m map[string]attr.Value) []string { return slices.Sorted(maps.Keys(m)) }

// eventLogger logs the library's progress events with tflog: what each
// step is doing, as the CLI prints it. Events never hold secrets.
func eventLogger(ctx context.Context) interconnect.Option {
	return interconnect.WithEvents(func(e interconnect.Event) {
		fields := map[string]any{"step": e.Step, "event": e.Kind.String(), "action": e.Action.String(), "elapsed": e.Elapsed.Round(time.Millisecond).String()}
		msg := e.Step + ": " + e.Message
		if e.Kind == interconnect.StepFailed {
			tflog.Error(ctx, msg, fields)
			return
		}
		tflog.Info(ctx, msg, fields)
	})
}
