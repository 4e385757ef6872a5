package interconnect

import (
	"context"
	"net/netip"
	"reflect"
	"strings"
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

		if inv := inventory(); inv.Exists || inv.GatewayID != "" || inv.DRGID != "" || len(inv.Locations) != 0 {
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
			Exists: true, GatewayID: gw.ID, DRGID: vcs[0].GatewayID,
			Locations: []LocationInventory{{
				Index: 0, PeeringLocation: "Washington DC", CircuitID: s.CircuitID(), ServiceKey: ckt.ServiceKey,
				ConnectionID: conn.ID, VirtualCircuitID: vcs[0].ID,
				Primary: netip.MustParsePrefix("192.168.240.0/30"), Secondary: netip.MustParsePrefix("192.168.240.4/30"),
			}},
		}
		if !reflect.DeepEqual(*inv, want) {
			t.Errorf("after Apply:\n got %+v\nwant %+v", *inv, want)
		}
		if l, ok := inv.Location(0); !ok || l.ServiceKey == secret.Value("") || ckt.State != azure.Succeeded {
			t.Errorf("service key %q, circuit %s", l.ServiceKey, ckt.State)
		}

		d, err := c.PlanDestroy(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Apply(ctx, d); err != nil {
			t.Fatal(err)
		}
		if inv := inventory(); inv.Exists || len(inv.Locations) != 0 {
			t.Errorf("after the teardown: %+v, want nothing of the interconnect", inv)
		}
	})
}

// TestInventoryMaximum: with maximum resiliency each location has its own
// circuit, service key, connection, virtual circuit and BGP blocks; the
// gateway and the DRG are shared.
func TestInventoryMaximum(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		w := seedWorld()
		c := newSimClient(w)
		s := simSpec(t, "resiliency: maximum\n")
		p, err := c.Plan(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Apply(ctx, p); err != nil {
			t.Fatal(err)
		}
		inv, err := c.Inventory(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		first, ok1 := inv.Location(0)
		second, ok2 := inv.Location(1)
		if !inv.Exists || !ok1 || !ok2 || len(inv.Locations) != 2 {
			t.Fatalf("inventory %+v", inv)
		}
		if first.PeeringLocation != "Washington DC" || second.PeeringLocation != "Washington DC2" {
			t.Errorf("locations %q, %q", first.PeeringLocation, second.PeeringLocation)
		}
		if !strings.HasSuffix(second.CircuitID, "/ora-link-er-2") || !strings.HasSuffix(second.ConnectionID, "/ora-link-conn-2") {
			t.Errorf("second location: %+v", second)
		}
		if first.CircuitID == second.CircuitID || first.ServiceKey == second.ServiceKey || first.VirtualCircuitID == second.VirtualCircuitID ||
			first.Primary == second.Primary || !second.Secondary.IsValid() || second.VirtualCircuitID == "" {
			t.Errorf("the two locations are not told apart:\n%+v\n%+v", first, second)
		}
	})
}
