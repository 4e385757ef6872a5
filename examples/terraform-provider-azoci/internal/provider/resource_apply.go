package provider

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/azoci/interconnect"
)

// This file: Create and Update (the library's Plan then Apply), Read
// (Inventory, and Plan for in_sync) and Delete (PlanDestroy then Apply).

// recordTimeout bounds the reads that record the state after an Apply
// whose context ended (its timeout): the state is still written.
const recordTimeout = 2 * time.Minute

func (r *interconnectResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var t timeouts.Value
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("timeouts"), &t)...)
	limit, diags := t.Create(ctx, defaultCreateTimeout)
	resp.Diagnostics.Append(diags...)
	resp.State.Raw = req.Plan.Raw.Copy()
	r.apply(ctx, req.Plan, limit, &resp.State, &resp.Diagnostics, true)
	resp.Diagnostics.Append(clearMarkers(ctx, resp.Private)...)
}

func (r *interconnectResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var t timeouts.Value
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("timeouts"), &t)...)
	limit, diags := t.Update(ctx, defaultUpdateTimeout)
	resp.Diagnostics.Append(diags...)
	resp.State.Raw = req.Plan.Raw.Copy()
	r.apply(ctx, req.Plan, limit, &resp.State, &resp.Diagnostics, false)
	resp.Diagnostics.Append(clearMarkers(ctx, resp.Private)...)
}

// clearMarkers drops the plan's markers (keyReplacing, keyResume) from the
// private state saved with the object: they are about one plan only.
func clearMarkers(ctx context.Context, p privateState) diag.Diagnostics {
	var diags diag.Diagnostics
	for _, k := range []string{keyReplacing, keyResume} {
		diags.Append(p.SetKey(ctx, k, nil)...)
	}
	return diags
}

// privateState is the framework's private state data.
type privateState interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// apply is Create and Update: the library's Plan, then Apply within limit,
// then the state as the clouds hold it. When Apply fails, the state records
// what exists (in_sync false) so that the next apply resumes: a failed
// update stays in place, a failed create is tainted (OpenTofu's rule) and
// its replacement resumes it (see Delete).
func (r *interconnectResource) apply(ctx context.Context, pl tfsdk.Plan, limit time.Duration, st *tfsdk.State, diags *diag.Diagnostics, creating bool) {
	vals, d := readSpecValues(ctx, pl.GetAttribute)
	if diags.Append(d...); diags.HasError() {
		return
	}
	s, _, err := vals.toSpec()
	if err != nil {
		addProblems(diags, err, nil, "Invalid interconnect")
		return
	}
	if r.b == nil {
		diags.AddError("The provider is not configured", "Its configuration was not known; apply again.")
		return
	}
	actx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	c, d := clientFor(actx, r.b, s, eventLogger(ctx))
	if diags.Append(d...); diags.HasError() {
		return
	}
	defer func() { diags.Append(r.b.done(ctx)...) }()

	p, err := c.Plan(actx, s)
	if err != nil {
		addProblems(diags, err, nil, "The interconnect cannot be planned")
		return
	}
	tflog.Info(ctx, "applying the library's plan", map[string]any{"name": s.Name, "steps": len(p.Steps), "mutations": p.Mutations()})
	res, applyErr := c.Apply(actx, p)
	if res != nil {
		tflog.Info(ctx, "apply finished", map[string]any{"name": s.Name, "elapsed": res.Duration().Round(time.Millisecond).String()})
	}

	rctx := actx
	if actx.Err() != nil {
		var cancel context.CancelFunc
		rctx, cancel = context.WithTimeout(context.WithoutCancel(ctx), recordTimeout)
		defer cancel()
	}
	inv, invErr := c.Inventory(rctx, s)
	if applyErr != nil {
		if invErr == nil && (inv.Exists || !creating) {
			diags.Append(write(ctx, st.SetAttribute, nil, outputsOf(s, inv, false))...)
		} else {
			st.RemoveResource(ctx)
		}
		detail := translateKeys(applyErr.Error())
		if errors.Is(applyErr, context.DeadlineExceeded) {
			detail += "\n\nThe timeout (" + limit.String() + ") ran out; resources still being made go on in the clouds. Raise it in the timeouts block if needed."
		}
		switch {
		case creating && invErr == nil && inv.Exists:
			detail += "\n\nWhat was built is recorded in the state. OpenTofu marks the resource tainted; the next apply resumes where this one stopped (the library finds everything again by name and tag), and destroy tears down what was built."
		case !creating:
			detail += "\n\nWhat was done is recorded in the state (in_sync = false); the next apply resumes where this one stopped."
		}
		diags.AddError("Applying the interconnect failed", detail)
		return
	}
	if invErr != nil {
		diags.AddWarning("Reading the interconnect after apply", translateKeys(invErr.Error()))
		inv = &interconnect.Inventory{Locations: []interconnect.LocationInventory{{CircuitID: s.CircuitID()}}}
	}
	diags.Append(write(ctx, st.SetAttribute, nil, outputsOf(s, inv, true))...)
}

func (r *interconnectResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	vals, diags := readSpecValues(ctx, req.State.GetAttribute)
	if resp.Diagnostics.Append(diags...); diags.HasError() {
		return
	}
	if r.b == nil {
		return
	}
	if v, _ := req.Private.GetKey(ctx, keyImported); v != nil {
		var ok bool
		if vals, ok = r.discover(ctx, vals, &resp.Diagnostics); !ok {
			return
		}
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, keyImported, nil)...)
	}
	s, _, err := vals.toSpec()
	if err != nil {
		addProblems(&resp.Diagnostics, err, nil, "Invalid interconnect in state")
		return
	}
	c, diags := clientFor(ctx, r.b, s)
	if resp.Diagnostics.Append(diags...); diags.HasError() {
		return
	}
	defer func() { resp.Diagnostics.Append(r.b.done(ctx)...) }()

	inv, err := c.Inventory(ctx, s)
	var ve *interconnect.ValidationError
	switch {
	case errors.As(err, &ve):
		// The networks it joins are gone or changed: keep the record,
		// out of sync, and say why.
		resp.Diagnostics.AddWarning("The interconnect cannot be read as specified", translateKeys(err.Error()))
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(attrInSync), types.BoolValue(false))...)
		resp.Diagnostics.Append(write(ctx, resp.State.SetAttribute, vals, nil)...)
		return
	case err != nil:
		resp.Diagnostics.AddError("Reading the interconnect", translateKeys(err.Error()))
		return
	case !inv.Exists:
		tflog.Info(ctx, "the interconnect is gone; removing it from the state", map[string]any{"id": importID(s)})
		resp.State.RemoveResource(ctx)
		return
	}
	p, err := c.Plan(ctx, s)
	inSync := err == nil && !busy(p)
	if err != nil {
		resp.Diagnostics.AddWarning("The interconnect cannot be planned as specified", translateKeys(err.Error()))
	}
	resp.Diagnostics.Append(write(ctx, resp.State.SetAttribute, vals, outputsOf(s, inv, inSync))...)
}

func (r *interconnectResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	vals, diags := readSpecValues(ctx, req.State.GetAttribute)
	if resp.Diagnostics.Append(diags...); diags.HasError() {
		return
	}
	s, _, err := vals.toSpec()
	if err != nil {
		addProblems(&resp.Diagnostics, err, nil, "Invalid interconnect in state")
		return
	}
	var inSync types.Bool
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root(attrInSync), &inSync)...)
	if raw, _ := req.Private.GetKey(ctx, keyResume); raw != nil {
		var id string
		if json.Unmarshal(raw, &id) == nil && id == importID(s) && !inSync.ValueBool() {
			// The tainted object of a failed create, replaced by a create
			// of the same interconnect: that create resumes it.
			tflog.Info(ctx, "leaving the partly built interconnect for the create that follows to resume", map[string]any{"id": id})
			return
		}
	}
	if r.b == nil {
		resp.Diagnostics.AddError("The provider is not configured", "Its configuration was not known; destroy again.")
		return
	}
	var t timeouts.Value
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("timeouts"), &t)...)
	limit, diags := t.Delete(ctx, defaultDeleteTimeout)
	resp.Diagnostics.Append(diags...)
	dctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()

	c, diags := clientFor(dctx, r.b, s, eventLogger(ctx))
	if resp.Diagnostics.Append(diags...); diags.HasError() {
		return
	}
	defer func() { resp.Diagnostics.Append(r.b.done(ctx)...) }()
	p, err := c.PlanDestroy(dctx, s)
	if err != nil {
		addProblems(&resp.Diagnostics, err, nil, "The teardown cannot be planned")
		return
	}
	tflog.Info(ctx, "tearing down", map[string]any{"name": s.Name, "mutations": p.Mutations()})
	if _, err := c.Apply(dctx, p); err != nil {
		resp.Diagnostics.AddError("Tearing down the interconnect failed",
			translateKeys(err.Error())+"\n\nThe state keeps the interconnect; destroy again to resume the teardown.")
	}
}
