package interconnect

import (
	"context"
	"net/netip"
	"testing"
	"testing/synctest"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/secret"
)

// TestInventory follows an interconnect through its life: nothing before
// Apply, every ID and the BGP blocks after it (the same the clouds report),
// nothing again after the teardown. Inventory never writes.
func TestInventory(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		w, c, s, p := planned(t)
		inventory := func() *Inventory {
			t.Helper()
			before := len(w.Calls())
			inv, err := c.Inventory(ctx, s)
			if err != nil {
				t.Fatal(err)
			}
			for _, call := range w.Calls()[before:] {
				if call.Mutating {
					t.Errorf("Inventory wrote: %+v", call)
				}
			}
			return inv
		}

		if inv := inventory(); inv.Exists || *inv != (Inventory{}) {
			t.Errorf("before Apply: %+v, want nothing", inv)
		}

		if _, err := c.Apply(ctx, p); err != nil {
			t.Fatal(err)
		}
		inv := inventory()
		ckt, err := w.Azure().GetCircuit(ctx, "rg-network", "ora-link-er")
		if err != nil {
			t.Fatal(err)
		}
		gw, err := w.Azure().GetGateway(ctx, "rg-network", "ora-link-ergw")
		if err != nil {
			t.Fatal(err)
		}
		conn, err := w.Azure().GetConnection(ctx, "rg-network", "ora-link-conn")
		if err != nil {
			t.Fatal(err)
		}
		vcs, err := w.OCI().FindVirtualCircuits(ctx, simComp, "ora-link-vc")
		if err != nil || len(vcs) != 1 {
			t.Fatalf("virtual circuits: %v, %v", vcs, err)
		}
		want := Inventory{
			Exists: true, CircuitID: s.CircuitID(), PeeringLocation: "Washington DC", ServiceKey: ckt.ServiceKey,
			GatewayID: gw.ID, ConnectionID: conn.ID, DRGID: vcs[0].GatewayID, VirtualCircuitID: vcs[0].ID,
			Primary: netip.MustParsePrefix("192.168.240.0/30"), Secondary: netip.MustParsePrefix("192.168.240.4/30"),
		}
		if *inv != want {
			t.Errorf("after Apply:\n got %+v\nwant %+v", *inv, want)
		}
		if inv.ServiceKey == secret.Value("") || ckt.State != azure.Succeeded {
			t.Errorf("service key %q, circuit %s", inv.ServiceKey, ckt.State)
		}

		d, err := c.PlanDestroy(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Apply(ctx, d); err != nil {
			t.Fatal(err)
		}
		if inv := inventory(); inv.Exists || inv.CircuitID != "" || inv.VirtualCircuitID != "" {
			t.Errorf("after the teardown: %+v, want nothing of the interconnect", inv)
		}
	})
}
