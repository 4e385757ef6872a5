package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/azoci/interconnect"
	"github.com/azoci/interconnect/plan"
)

// This file: ModifyPlan. The library's Plan runs here, read-only, so that
// what needs the clouds (overlaps, SKUs, bandwidth offers) shows in the
// plan on its attribute, with the library's notes as warnings; changes the
// library refuses become replacements, with its reason; and an out-of-sync
// interconnect gets an update that repairs it.

// Private state keys. keyReplacing marks a plan made from a prior object
// (an update, or the first half of a replacement); keyResume, on the
// create half of a tainted object's replacement, names the interconnect
// the create will resume (see Delete).
const (
	keyReplacing = "replacing"
	keyResume    = "resume"
	keyImported  = "imported"
)

func (r *interconnectResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		// A destroy: Delete tears down whatever the state holds.
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, keyResume, nil)...)
		return
	}
	creating := req.State.Raw.IsNull()
	vals, diags := readSpecValues(ctx, req.Plan.GetAttribute)
	if resp.Diagnostics.Append(diags...); diags.HasError() {
		return
	}
	s, unknown, err := vals.toSpec()
	if err != nil || s.Validate() != nil {
		return // ValidateConfig reports it
	}

	var prior specValues
	var priorOut outputs
	if !creating {
		prior, diags = readSpecValues(ctx, req.State.GetAttribute)
		resp.Diagnostics.Append(diags...)
		priorOut, diags = readOutputs(ctx, req.State.GetAttribute)
		resp.Diagnostics.Append(diags...)
		if resp.Diagnostics.HasError() {
			return
		}
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, keyReplacing, []byte("true"))...)
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, keyResume, nil)...)
	}
	// The create half of a replacement asked for by a change: the old
	// interconnect is torn down first.
	replacing := false
	if creating {
		v, _ := req.Private.GetKey(ctx, keyReplacing)
		replacing = v != nil
		if !replacing && len(unknown) == 0 {
			// Only another create may resume what a failed create left.
			id, _ := json.Marshal(importID(s))
			resp.Diagnostics.Append(resp.Private.SetKey(ctx, keyResume, id)...)
		}
	}

	// What follows from the spec alone.
	out := unknownOutputs(s)
	if !creating {
		for _, rp := range replacements(prior, vals, unknown) {
			resp.RequiresReplace = append(resp.RequiresReplace, rp.path)
			resp.Diagnostics.AddAttributeWarning(rp.path, "Changing it replaces the interconnect", "This interconnect is torn down and built again, because "+rp.reason+".")
		}
	}
	switch {
	case len(unknown) > 0:
		// The clouds are asked once the values are known, at the latest
		// at apply.
		out[attrID], out[attrCircuitID] = types.StringUnknown(), types.StringUnknown()
	case len(resp.RequiresReplace) > 0:
		// A replacement is planned on its create half.
	case r.b == nil && !creating:
		// The provider's configuration is not known yet: nothing to ask
		// the clouds with, so nothing changes but what the spec says.
		out = plannedOutputs(priorOut, nil)
	}
	if len(unknown) > 0 || r.b == nil || len(resp.RequiresReplace) > 0 {
		resp.Diagnostics.Append(write(ctx, resp.Plan.SetAttribute, nil, out)...)
		return
	}

	// The library's plan, read-only.
	c, diags := clientFor(ctx, r.b, s)
	if resp.Diagnostics.Append(diags...); diags.HasError() {
		return
	}
	p, err := c.Plan(ctx, s)
	resp.Diagnostics.Append(r.b.done(ctx)...)
	if err != nil {
		r.planProblems(ctx, err, creating, replacing, prior, vals, resp)
		if resp.Diagnostics.HasError() || len(resp.RequiresReplace) > 0 {
			return
		}
	}
	if p != nil && !replacing && (creating || busy(p)) {
		if text := planSummary(p); text != "" {
			resp.Diagnostics.AddWarning("What apply will do (the library's plan for "+s.Name+")", text)
		}
	}
	if !creating {
		out = plannedOutputs(priorOut, p)
	}
	out[attrInSync] = types.BoolValue(true) // what Create and Update leave
	resp.Diagnostics.Append(write(ctx, resp.Plan.SetAttribute, nil, out)...)
}

// planProblems reports the problems the library's Plan found: those the
// clouds refuse of a change this plan makes (FieldError.Recreate) replace
// the interconnect; the others are errors on their attributes.
//
// On the create half of a replacement (replacing), the library planned
// against the interconnect about to be torn down: the problems the
// teardown resolves (Recreate) are left out.
func (r *interconnectResource) planProblems(_ context.Context, err error, creating, replacing bool, prior, planned specValues, resp *resource.ModifyPlanResponse) {
	var ve *interconnect.ValidationError
	if !errors.As(err, &ve) {
		resp.Diagnostics.AddError("Planning the interconnect", translateKeys(err.Error()))
		return
	}
	rest := &interconnect.ValidationError{}
	for _, fe := range ve.Problems {
		p, _ := attributePath(fe.Field)
		if fe.Recreate && replacing {
			continue
		}
		if fe.Recreate && !creating {
			var changed []path.Path
			for _, q := range replaceGroup(p) {
				if !valueAt(prior, q).Equal(valueAt(planned, q)) {
					changed = append(changed, q)
				}
			}
			if len(changed) > 0 {
				resp.RequiresReplace = append(resp.RequiresReplace, replaceGroup(p)...)
				resp.Diagnostics.AddAttributeWarning(p, "Changing it replaces the interconnect",
					"The clouds refuse to make this change to the interconnect as it is, so it is torn down and built again. The library says: "+problemText(fe))
				continue
			}
			fe = &interconnect.FieldError{Field: fe.Field, Value: fe.Value, Line: fe.Line,
				Problem: fe.Problem + " (to destroy and apply again in one step, run apply with -replace=<this resource's address>)"}
		}
		rest.Problems = append(rest.Problems, fe)
	}
	if len(rest.Problems) > 0 {
		addProblems(&resp.Diagnostics, rest, nil, "The interconnect cannot be planned")
	}
}

// replaceGroup is the attributes that are replaced together with p: the
// two BGP blocks go together.
func replaceGroup(p path.Path) []path.Path {
	peering := path.Root("peering")
	if p.Equal(peering.AtName("primary")) || p.Equal(peering.AtName("secondary")) {
		return []path.Path{peering.AtName("primary"), peering.AtName("secondary")}
	}
	return []path.Path{p}
}

// replacement is an attribute whose change replaces the interconnect.
type replacement struct {
	path   path.Path
	reason string
}

// replacements are the identity attributes (specFields' replace) whose
// effective values differ between the prior state and the plan, or are not
// known yet. Azure names compare ignoring case, as Azure does; regions in
// their canonical form.
func replacements(prior, planned specValues, unknown []path.Path) []replacement {
	canon := func(vals specValues) specValues {
		s, _, err := vals.toSpec()
		if err != nil {
			return vals
		}
		d, err := fromSpec(s.WithDefaults(nil))
		if err != nil {
			return vals
		}
		return d
	}
	before, after := canon(prior), canon(planned)
	var out []replacement
	var walk func(fs []field, p path.Path)
	walk = func(fs []field, p path.Path) {
		for _, f := range fs {
			fp := p.AtName(f.name)
			if len(p.Steps()) == 0 {
				fp = path.Root(f.name)
			}
			if f.kind == kObject {
				walk(f.children, fp)
			}
			if f.replace == "" {
				continue
			}
			if isUnknown(fp, unknown) {
				out = append(out, replacement{fp, f.replace})
				continue
			}
			a, b := valueAt(before, fp), valueAt(after, fp)
			as, aok := a.(types.String)
			bs, bok := b.(types.String)
			if aok && bok && !strings.EqualFold(as.ValueString(), bs.ValueString()) {
				out = append(out, replacement{fp, f.replace})
			}
		}
	}
	walk(specFields, path.Empty())
	return out
}

// valueAt is the value at p in vals: null when there is none.
func valueAt(vals specValues, p path.Path) attr.Value {
	steps := p.Steps()
	if len(steps) == 0 {
		return types.StringNull()
	}
	name, ok := steps[0].(path.PathStepAttributeName)
	if !ok {
		return types.StringNull()
	}
	v := vals[string(name)]
	for _, st := range steps[1:] {
		if v == nil || v.IsNull() || v.IsUnknown() {
			return types.StringNull()
		}
		switch st := st.(type) {
		case path.PathStepAttributeName:
			o, ok := v.(types.Object)
			if !ok {
				return types.StringNull()
			}
			v = o.Attributes()[string(st)]
		case path.PathStepElementKeyInt:
			l, ok := v.(types.List)
			if !ok || int(st) >= len(l.Elements()) {
				return types.StringNull()
			}
			v = l.Elements()[st]
		case path.PathStepElementKeyString:
			m, ok := v.(types.Map)
			if !ok {
				return types.StringNull()
			}
			v = m.Elements()[string(st)]
		}
	}
	if v == nil {
		return types.StringNull()
	}
	return v
}

// plannedOutputs are the computed attributes after an update that applies
// p: the prior values, but unknown where a step makes or remakes what they
// describe.
func plannedOutputs(prior outputs, p *plan.Plan) outputs {
	out := outputs{}
	for k, v := range prior {
		out[k] = v
	}
	if p == nil {
		return out
	}
	remade := func(id string) bool {
		st, ok := p.Step(id)
		return ok && (st.Action == plan.Create || st.Action == plan.Delete)
	}
	unknown := map[string][]string{
		interconnect.StepCircuit:        {attrCircuitID, attrServiceKey, attrPeeringLocations},
		interconnect.StepGateway:        {attrGatewayID},
		interconnect.StepConnection:     {attrConnectionID},
		interconnect.StepDRG:            {attrDRGID},
		interconnect.StepVirtualCircuit: {attrVirtualCircuitID, attrBGPPrimary, attrBGPSecondary},
	}
	for step, names := range unknown {
		if !remade(step) {
			continue
		}
		for _, n := range names {
			if n == attrPeeringLocations {
				out[n] = types.ListUnknown(types.StringType)
			} else {
				out[n] = types.StringUnknown()
			}
		}
	}
	// The second location of maximum resiliency: any of its steps that
	// makes or removes something (azure/peering-locations[1]/circuit, …)
	// changes its attributes and the list of locations.
	for _, s := range p.Steps {
		if strings.Contains(s.ID, "/peering-locations[1]/") && (s.Action == plan.Create || s.Action == plan.Delete) {
			out[attrSecondLocation], out[attrSecondServiceKey] = types.ObjectUnknown(secondLocationTypes), types.StringUnknown()
			out[attrPeeringLocations] = types.ListUnknown(types.StringType)
			break
		}
	}
	return out
}

// planSummary lists what the library's plan will do, one line per step
// that does something, then its notes; "" when it does nothing.
func planSummary(p *plan.Plan) string {
	var b strings.Builder
	order, err := p.Order()
	if err != nil {
		for _, s := range p.Steps {
			order = append(order, s.ID)
		}
	}
	for _, id := range order {
		s, _ := p.Step(id)
		if s.Action == plan.NoOp {
			continue
		}
		fmt.Fprintf(&b, "%-7s %s", s.Action, s.ID)
		if s.Name != "" {
			fmt.Fprintf(&b, " (%s)", s.Name)
		}
		if s.Reason != "" {
			fmt.Fprintf(&b, ": %s", s.Reason)
		}
		b.WriteByte('\n')
	}
	for _, n := range p.Notes {
		fmt.Fprintf(&b, "Note: %s\n", n)
	}
	return strings.TrimRight(b.String(), "\n")
}

// busy reports whether p has anything to do: a step that is not a no-op.
func busy(p *plan.Plan) bool {
	for _, s := range p.Steps {
		if s.Action != plan.NoOp {
			return true
		}
	}
	return false
}
