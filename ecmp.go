package interconnect

// This file: ECMP on the DRG, so that the VCNs' traffic to Azure uses both
// virtual circuits of maximum resiliency. A DRG sends what enters it through
// a VCN attachment by that attachment's DRG route table, and over every
// virtual circuit that learned the destination only when that table has
// isEcmpEnabled (oci-go-sdk core DrgRouteTable.IsEcmpEnabled,
// UpdateDrgRouteTableDetails.IsEcmpEnabled). With a DRG given in oci.drgId
// the tables are the user's: the library changes only isEcmpEnabled, and
// records on the second location's ExpressRoute circuit (a resource it owns;
// state lives in the clouds) which tables it turned on, so that removing the
// second location turns them off again. A DRG the library made is deleted
// with it, and keeps ECMP when only the second location goes (harmless with
// one virtual circuit).

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/plan"
)

// ecmpTagKey, on the second location's ExpressRoute circuit, lists the DRG
// route tables of a DRG given in oci.drgId on which the library turned ECMP
// on: the first 8 hexadecimal digits of the SHA-256 of each table's OCID,
// separated by spaces (a tag value holds 256 characters, an OCID about 90).
const ecmpTagKey = OwnershipTagKey + "-drg-ecmp"

// defaultVCNTable stands, in a plan, for the DRG route table a DRG still to
// be made gives its VCN attachments; Apply reads it from the DRG.
const defaultVCNTable = "(the new DRG's route table for VCN attachments)"

// ecmpSuffix ends the field of a DRG route table's change.
const ecmpSuffix = ": isEcmpEnabled"

// tableHash is a DRG route table's entry in ecmpTagKey.
func tableHash(id string) string {
	h := sha256.Sum256([]byte(id))
	return hex.EncodeToString(h[:4])
}

// ecmpRecord is the value of ecmpTagKey for the tables turned on.
func ecmpRecord(tables []string) string {
	hashes := make([]string, len(tables))
	for i, t := range tables {
		hashes[i] = tableHash(t)
	}
	return strings.Join(hashes, " ")
}

// ecmpTableIDs are the DRG route tables the estate's VCN attachments use, or
// will use: an attachment's own table, and the DRG's default VCN table for
// a VCN not attached yet. unknown reports a VCN whose table cannot be known
// before Apply (the DRG does not exist yet, or names no default).
func (o *observed) ecmpTableIDs() (ids []string, unknown bool) {
	for _, vs := range o.vcns {
		id := ""
		switch a := vs.attachment; {
		case a != nil && o.drg != nil && a.DRGID == o.drg.ID && a.DRGRouteTableID != "":
			id = a.DRGRouteTableID
		case o.drg != nil:
			id = o.drg.DefaultVCNRouteTableID
		}
		if id == "" {
			unknown = true
		} else if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	return ids, unknown
}

// readDRGTables reads the DRG route tables that the plan may change: when
// Plan builds the second location (to turn ECMP on), and when the second
// location of a DRG given in oci.drgId goes (to turn back off what its
// circuit's tag records).
func (c *Client) readDRGTables(ctx context.Context, s Spec, mode readMode, o *observed) error {
	st := o.second()
	restore := s.OCI.DRGID != "" && st.circuit != nil && st.circuit.Tags[ecmpTagKey] != ""
	if !(st.wanted && mode == readAll) && !restore {
		return nil
	}
	ids, _ := o.ecmpTableIDs()
	o.drgTables = map[string]*oci.DRGRouteTable{}
	var mu sync.Mutex
	g, ctx := errgroup.WithContext(ctx)
	for _, id := range ids {
		g.Go(func() error {
			t, err := get(ctx, c, "oci DRG route table "+id, func(ctx context.Context) (oci.DRGRouteTable, error) {
				return c.oc.GetDRGRouteTable(ctx, id)
			})
			if t != nil {
				mu.Lock()
				o.drgTables[id] = t
				mu.Unlock()
			}
			return err
		})
	}
	return g.Wait()
}

// ecmpTurnsOn lists the DRG route tables the plan turns ECMP on in (those
// read with it off), and reports a table still unknown.
func (d *decision) ecmpTurnsOn(o *observed) (on []string, unknown bool) {
	ids, unknown := o.ecmpTableIDs()
	for _, id := range ids {
		if t := o.drgTables[id]; t != nil && !t.ECMPEnabled {
			on = append(on, id)
		}
	}
	return on, unknown
}

// secondCircuitTags are the tags of the second location's ExpressRoute
// circuit: the interconnect's, and with a DRG given in oci.drgId the record
// of the tables the plan turns ECMP on in.
func (d *decision) secondCircuitTags(o *observed) map[string]string {
	on, _ := d.ecmpTurnsOn(o)
	if d.spec.OCI.DRGID == "" || len(on) == 0 {
		return d.tags
	}
	return withTag(d.tags, ecmpTagKey, ecmpRecord(on))
}

// ecmpStep plans ECMP on the DRG route tables of the VCN attachments, when
// the spec wants two locations.
func (d *decision) ecmpStep(o *observed, v *ValidationError, b *plan.Builder) {
	if len(d.sites) < 2 {
		return
	}
	st := plan.Step{ID: StepDRGECMP, Cloud: "oci", Kind: kindDRGRouteTable, DependsOn: []string{StepDRG}}
	ids, unknown := o.ecmpTableIDs()
	var names []string
	for _, id := range ids {
		t := o.drgTables[id]
		switch {
		case t == nil:
			v.Add("oci.drgId", d.spec.OCI.DRGID, fmt.Sprintf("DRG route table %s, which a VCN attachment of the DRG uses, was not found; check the attachments of DRG %s", id, d.drgID))
		case !t.ECMPEnabled:
			st.Changes = append(st.Changes, update(id+ecmpSuffix, "false", "true"))
		}
		names = append(names, id)
	}
	if unknown {
		st.Changes = append(st.Changes, refChange("drgId", d.drgID, StepDRG), update(defaultVCNTable+ecmpSuffix, "false", "true"))
		names = append(names, defaultVCNTable)
	}
	st.Name = strings.Join(names, ",")
	if len(st.Changes) == 0 {
		st.Action, st.Reason = plan.NoOp, "ECMP is on in the DRG route table of the VCN attachments"
	} else {
		st.Action, st.Reason = plan.Update, "turns ECMP on so that the VCNs' traffic to Azure uses both virtual circuits"
		if d.spec.OCI.DRGID != "" {
			st.Reason += " (the DRG is yours: only isEcmpEnabled changes, and removing the second location turns it back off)"
		}
	}
	b.Add(st)
}

// ecmpRestoreStep plans turning ECMP back off in the tables of a DRG given
// in oci.drgId that the second location's circuit records, when that
// location goes. It returns the step's ID, or "" when there is none.
func ecmpRestoreStep(s Spec, o *observed, b *plan.Builder) string {
	st := o.second()
	if s.OCI.DRGID == "" || st == nil || st.circuit == nil {
		return ""
	}
	record := strings.Fields(st.circuit.Tags[ecmpTagKey])
	step := plan.Step{ID: StepDRGECMP, Action: plan.Update, Cloud: "oci", Kind: kindDRGRouteTable,
		Reason: "turns ECMP back off where this interconnect turned it on (recorded in tag " + ecmpTagKey + " of circuit " + st.circuit.Name + ")"}
	var names []string
	for _, id := range slices.Sorted(maps.Keys(o.drgTables)) {
		if t := o.drgTables[id]; t.ECMPEnabled && slices.Contains(record, tableHash(id)) {
			step.Changes = append(step.Changes, update(id+ecmpSuffix, "true", "false"))
			names = append(names, id)
		}
	}
	if len(step.Changes) == 0 {
		return ""
	}
	step.Name = strings.Join(names, ",")
	b.Add(step)
	return step.ID
}

// editDRGRouteTables sets isEcmpEnabled on the step's DRG route tables, each
// read first and written only when it differs.
func (r *runner) editDRGRouteTables(ctx context.Context, sc *stepCtx) (string, error) {
	oc, c := r.c.oc, r.c
	changed, tables := 0, 0
	for _, ch := range sc.step.Changes {
		id, ok := strings.CutSuffix(ch.Field, ecmpSuffix)
		if !ok {
			continue
		}
		want := ch.New == "true"
		if id == defaultVCNTable {
			drgID := sc.value("drgId")
			if sc.err != nil {
				return "", sc.err
			}
			drg, err := call(ctx, c, "oci DRG "+drgID, func(ctx context.Context) (oci.DRG, error) { return oc.GetDRG(ctx, drgID) })
			if err != nil {
				return "", err
			}
			if id = drg.DefaultVCNRouteTableID; id == "" {
				return "", fmt.Errorf("DRG %s names no default route table for VCN attachments; turn ECMP on by hand in the DRG route table its VCN attachments use", drgID)
			}
		}
		tables++
		t, err := call(ctx, c, "oci DRG route table "+id, func(ctx context.Context) (oci.DRGRouteTable, error) { return oc.GetDRGRouteTable(ctx, id) })
		switch {
		case errors.Is(err, oci.ErrNotFound) && r.p.Destroy:
			continue // gone with its DRG
		case err != nil:
			return "", err
		case t.ECMPEnabled == want:
			continue
		}
		sc.emit(ctx, StepProgress, "setting isEcmpEnabled %v on DRG route table %s", want, id)
		if _, err := call(ctx, c, "updating DRG route table "+id, func(ctx context.Context) (oci.DRGRouteTable, error) {
			return oc.UpdateDRGRouteTable(ctx, id, want)
		}); err != nil {
			return "", err
		}
		changed++
	}
	return fmt.Sprintf("isEcmpEnabled set in %s (%d changed)", plural(tables, "DRG route table"), changed), nil
}
