package interconnect

import (
	"context"
	"maps"
	"net/netip"
	"slices"
	"strings"
	"testing"
	"testing/synctest"

	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/sim"
)

// TestDestroyLeavesWhatTheUserBrought builds an interconnect on the user's
// VNet, VCN, DRG and a route table with the user's own rules, tears it down,
// and checks all of those survive with the user's rules intact, while every
// resource the library made is gone.
func TestDestroyLeavesWhatTheUserBrought(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		w := seedWorld()
		userDRG := w.AddDRG(sim.DRG{CompartmentID: simComp, DisplayName: "users-drg"})
		userRule := oci.RouteRule{Destination: netip.MustParsePrefix("0.0.0.0/0"), NetworkEntityID: "ocid1.internetgateway.oc1.iad.aaaaaaaauserigw", Description: "internet"}
		extra := w.AddRouteTable(sim.RouteTable{VCNID: simVCN, DisplayName: "users-rt", Rules: []oci.RouteRule{userRule}})
		vcn, err := w.OCI().GetVCN(ctx, simVCN)
		if err != nil {
			t.Fatal(err)
		}
		s := simSpec(t, "")
		s.OCI.DRGID = userDRG.ID
		s.OCI.RouteTableIDs = []string{vcn.DefaultRouteTableID, extra.ID}
		c := newSimClient(w)
		converge(t, c, s)
		if rep, err := c.Verify(ctx, s); err != nil || !rep.OK() {
			t.Fatalf("Verify: %v %+v", err, rep.Failed())
		}

		pd, err := c.PlanDestroy(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := pd.Step(StepDRG); ok {
			t.Error("the destroy plan deletes the user's DRG")
		}
		if _, err := c.Apply(ctx, pd); err != nil {
			t.Fatal(err)
		}
		if _, err := w.Azure().GetVirtualNetwork(ctx, "rg-network", "vnet-app"); err != nil {
			t.Errorf("VNet: %v", err)
		}
		if _, err := w.OCI().GetVCN(ctx, simVCN); err != nil {
			t.Errorf("VCN: %v", err)
		}
		if d, err := w.OCI().GetDRG(ctx, userDRG.ID); err != nil || d.State != oci.Available {
			t.Errorf("the user's DRG: %+v %v", d, err)
		}
		rt, err := w.OCI().GetRouteTable(ctx, extra.ID)
		if err != nil || !slices.Equal(rt.Rules, []oci.RouteRule{userRule}) {
			t.Errorf("the user's route table holds %+v (%v), want only the user's rule", rt.Rules, err)
		}
		if inv := takeInventory(t, w, s); inv != (inventory{}) {
			t.Errorf("after teardown the world still holds %+v", inv)
		}
	})
}

// TestDestroyLeavesAResourceWhoseTagWasRemoved removes the ownership tag from
// the gateway the library made: teardown leaves it (and the public IP and
// subnet it uses) alone, says so in the plan, and deletes the rest.
func TestDestroyLeavesAResourceWhoseTagWasRemoved(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		w, c, s := applied(t)
		gw, err := w.Azure().GetGateway(ctx, "rg-network", "ora-link-ergw")
		if err != nil {
			t.Fatal(err)
		}
		gw.Tags = maps.Clone(gw.Tags)
		delete(gw.Tags, OwnershipTagKey)
		if _, err := w.Azure().PutGateway(ctx, "rg-network", gw); err != nil {
			t.Fatal(err)
		}
		pd, err := c.PlanDestroy(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range []string{StepGateway, StepPublicIP, StepGatewaySubnet} {
			if _, ok := pd.Step(id); ok {
				t.Errorf("the destroy plan has %s although the gateway is no longer tagged", id)
			}
		}
		notes := strings.Join(pd.Notes, "\n")
		for _, want := range []string{"Leaves alone gateway ora-link-ergw", "Leaves alone public IP ora-link-ergw-pip", "Leaves alone subnet GatewaySubnet"} {
			if !strings.Contains(notes, want) {
				t.Errorf("plan notes lack %q:\n%s", want, notes)
			}
		}
		if _, err := c.Apply(ctx, pd); err != nil {
			t.Fatal(err)
		}
		if _, err := w.Azure().GetGateway(ctx, "rg-network", "ora-link-ergw"); err != nil {
			t.Errorf("the untagged gateway was deleted: %v", err)
		}
		if inv := takeInventory(t, w, s); inv != (inventory{gateway: true}) {
			t.Errorf("after teardown the world holds %+v, want only the gateway", inv)
		}
	})
}
