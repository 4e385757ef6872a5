package interconnect

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/sim"
)

// The tests in this file run a hub with spokes against the simulator's
// stricter readings of ARM, to prove that the engine's order holds whatever
// ARM does where no vendor source says.

// armCodes counts the ARM error codes calls answered, by code.
func armCodes(calls []sim.Call) map[string]int {
	out := map[string]int{}
	for _, c := range calls {
		var e *azure.Error
		if errors.As(c.Err, &e) {
			out[e.Code]++
		}
	}
	return out
}

// TestDestroyDeletesSpokeSidesBeforeTheGateway: with
// sim.WithGatewayInUseByPeering, deleting a gateway that a spoke's peering
// still uses is refused; teardown of a hub with three spokes never meets that
// refusal, because it deletes every spoke's side before the gateway. The
// peerings take longer to delete than the connection here, so the order
// shows: without it the gateway's delete would come first.
func TestDestroyDeletesSpokeSidesBeforeTheGateway(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		lat := sim.DefaultLatency()
		lat.VNetPeering = 2 * lat.Connection
		w, s := seedEstateWith(t, 3, 0, sim.WithGatewayInUseByPeering(), sim.WithLatency(lat))
		c := newSimClient(w)
		converge(t, c, s)
		pd, err := c.PlanDestroy(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		mark := len(w.Calls())
		if _, err := c.Apply(ctx, pd); err != nil {
			t.Fatalf("destroy: %v", err)
		}
		calls := w.Calls()[mark:]
		if n := armCodes(calls)["GatewayInUseByPeering"]; n != 0 {
			t.Errorf("teardown met GatewayInUseByPeering %d times", n)
		}
		gw := slices.IndexFunc(calls, func(c sim.Call) bool { return c.Operation == "DeleteGateway" && c.Err == nil })
		if gw < 0 {
			t.Fatal("teardown did not delete the gateway")
		}
		spokeSides := 0
		for i, c := range calls {
			if c.Operation == "DeleteVirtualNetworkPeering" && strings.Contains(c.Resource, "/resourceGroups/rg-apps/") {
				spokeSides++
				if i > gw {
					t.Errorf("spoke side %s deleted after the gateway", c.Resource)
				}
			}
		}
		if spokeSides != 3 {
			t.Errorf("%d spoke sides deleted, want 3", spokeSides)
		}
		if inv := takeInventory(t, w, s); inv != (inventory{}) {
			t.Errorf("after teardown the world still holds %+v", inv)
		}
	})
}

// TestEstateNeverPutsAPeeringOnABusyVNet: ARM refuses a peering Put with 400
// ReferencedResourceNotProvisioned while either virtual network, the
// peering's own or the remote one, has a subnet or another peering in
// progress (the simulator models both). Building and tearing down a hub with
// five spokes never meets that refusal, with realistic latencies and with
// peerings slower than the gateway: the GatewaySubnet comes before the hub's
// sides, the hub's sides go one at a time, and each spoke's side waits for
// its hub side and the gateway.
func TestEstateNeverPutsAPeeringOnABusyVNet(t *testing.T) {
	slow := sim.DefaultLatency()
	slow.VNetPeering = slow.Gateway + time.Minute
	slow.Subnet = 5 * time.Minute
	for _, tc := range []struct {
		name string
		lat  sim.Latency
	}{{"default latencies", sim.DefaultLatency()}, {"slow peerings and subnet", slow}} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ctx := context.Background()
				w, s := seedEstateWith(t, 5, 0, sim.WithLatency(tc.lat))
				c := newSimClient(w)
				p, err := c.Plan(ctx, s)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := c.Apply(ctx, p); err != nil {
					t.Fatalf("Apply: %v", err)
				}
				if rep, err := c.Verify(ctx, s); err != nil || !rep.OK() {
					t.Fatalf("Verify: %v %+v", err, rep.Failed())
				}
				pd, err := c.PlanDestroy(ctx, s)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := c.Apply(ctx, pd); err != nil {
					t.Fatalf("destroy: %v", err)
				}
				codes := armCodes(w.Calls())
				if n := codes["ReferencedResourceNotProvisioned"]; n != 0 {
					t.Errorf("%d peering calls met a busy virtual network (ReferencedResourceNotProvisioned)", n)
				}
				if n := codes["AnotherOperationInProgress"]; n != 0 {
					t.Errorf("%d calls met AnotherOperationInProgress", n)
				}
			})
		})
	}
}
