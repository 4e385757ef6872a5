package sim

import (
	"errors"
	"net/http"
	"net/netip"
	"slices"
	"testing"
	"testing/synctest"
	"time"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/oci"
)

// TestTwoLocations: two circuits at the two peering locations of
// eastus/us-ashburn-1, each with its own service key and an Oracle-made
// peering, two virtual circuits on one DRG, two connections from one
// gateway. Each location carries the routes both ways.
func TestTwoLocations(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFx(t)
		ts := f.twoSites()
		a, b := ts.sites[0], ts.sites[1]
		if a.circuit.ServiceKey.Reveal() == b.circuit.ServiceKey.Reveal() {
			t.Fatal("the two circuits share a service key")
		}
		var vlans []int
		for i, s := range ts.sites {
			if s.circuit.ProviderState != azure.Provisioned {
				t.Errorf("circuit %d is %s", i, s.circuit.ProviderState)
			}
			p := must[azure.PrivatePeering](t)(f.az.GetPrivatePeering(f.ctx, testRG, s.circuit.Name))
			want, _ := siteBlocks(i)
			if p.LastModifiedBy != ModifiedByProvider || p.PrimaryPrefix != want || p.State != azure.Succeeded {
				t.Errorf("peering of circuit %d: %+v, want Oracle's with %s", i, p, want)
			}
			vlans = append(vlans, p.VLAN)
			if got := must[azure.Connection](t)(f.az.GetConnection(f.ctx, testRG, s.conn.Name)); got.Status != azure.Connected {
				t.Errorf("connection %d is %s", i, got.Status)
			}
			if got := f.w.OCILearnedRoutes(s.vc.ID); !slices.Equal(got, []netip.Prefix{vnetSpace}) {
				t.Errorf("virtual circuit %d learned %v, want %s", i, got, vnetSpace)
			}
			routes := must[[]azure.Route](t)(f.az.ListRouteTable(f.ctx, testRG, s.circuit.Name, azure.Primary))
			if len(routes) != 1 || routes[0].Network != vcnCIDR {
				t.Errorf("route table of circuit %d: %+v", i, routes)
			}
		}
		if vlans[0] == vlans[1] {
			t.Errorf("Oracle picked VLAN %d for both peerings", vlans[0])
		}
		if got, want := f.ebgpHops(vcnCIDR), append(msees(0), msees(1)...); !slices.Equal(got, want) {
			t.Errorf("the gateway learns %s via %v, want via both circuits' edges %v", vcnCIDR, got, want)
		}
		if got := f.w.TrafficConnections(ts.gw.ID); !slices.Equal(got, []string{a.conn.ID, b.conn.ID}) {
			t.Errorf("TrafficConnections = %v, want both (equal weights)", got)
		}
		if got := f.w.TrafficVirtualCircuits(testVCN); !slices.Equal(got, []string{a.vc.ID}) {
			t.Errorf("TrafficVirtualCircuits without ECMP = %v, want the oldest, %s", got, a.vc.ID)
		}
		must[oci.DRGRouteTable](t)(f.oc.UpdateDRGRouteTable(f.ctx, ts.att.DRGRouteTableID, true))
		if got := f.w.TrafficVirtualCircuits(testVCN); !slices.Equal(got, []string{a.vc.ID, b.vc.ID}) {
			t.Errorf("TrafficVirtualCircuits with ECMP = %v, want both", got)
		}
		noErr(t, f.w.BreakPath(a.circuit.ID, azure.Primary))
		noErr(t, f.w.BreakPath(a.circuit.ID, azure.Secondary))
		if got := f.w.TrafficVirtualCircuits(testVCN); !slices.Equal(got, []string{b.vc.ID}) {
			t.Errorf("with the first location broken, TrafficVirtualCircuits = %v, want the second's", got)
		}
		if got := f.w.TrafficConnections(ts.gw.ID); !slices.Equal(got, []string{b.conn.ID}) {
			t.Errorf("with the first location broken, TrafficConnections = %v, want the second's", got)
		}
	})
}

// TestRoutingWeight: the gateway sends traffic over the connections of the
// highest weight; the weight is kept, updated and bounded.
func TestRoutingWeight(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFx(t)
		ts := f.twoSites()
		a, b := ts.sites[0], ts.sites[1]
		spec := azure.Connection{Name: a.conn.Name, Location: "eastus", FastPath: true, RoutingWeight: 100}
		got := must[azure.Connection](t)(f.az.PutConnection(f.ctx, testRG, spec))
		if got.RoutingWeight != 100 {
			t.Errorf("RoutingWeight = %d, want 100", got.RoutingWeight)
		}
		if got := must[azure.Connection](t)(f.az.GetConnection(f.ctx, testRG, a.conn.Name)); got.RoutingWeight != 100 {
			t.Errorf("read back RoutingWeight = %d", got.RoutingWeight)
		}
		if got := f.w.TrafficConnections(ts.gw.ID); !slices.Equal(got, []string{a.conn.ID}) {
			t.Errorf("TrafficConnections = %v, want the heavier %s", got, a.conn.ID)
		}
		for _, weight := range []int{-1, 32001} {
			spec.RoutingWeight = weight
			_, err := f.az.PutConnection(f.ctx, testRG, spec)
			wantAzureErr(t, err, http.StatusBadRequest, "InvalidRoutingWeight")
		}
		spec.RoutingWeight = 0
		must[azure.Connection](t)(f.az.PutConnection(f.ctx, testRG, spec))
		if got := f.w.TrafficConnections(ts.gw.ID); !slices.Equal(got, []string{a.conn.ID, b.conn.ID}) {
			t.Errorf("back to equal weights, TrafficConnections = %v", got)
		}
	})
}

// TestConnectionWritesSerialised: while one connection of a gateway is being
// written, ARM refuses a create, update or delete of another of its
// connections with 409 AnotherOperationInProgress, which is retryable.
func TestConnectionWritesSerialised(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFx(t)
		gw := f.gateway(azure.SKUErGw3AZ, 0)
		d := f.drg()
		f.attach(d.ID)
		c1, _ := f.provisionCircuit("er-1", "Washington DC", d.ID, 0)
		c2, _ := f.provisionCircuit("er-2", "Washington DC2", d.ID, 1)
		conn := func(name string, c azure.Circuit) azure.Connection {
			return azure.Connection{Name: name, Location: "eastus", GatewayID: gw.ID, CircuitID: c.ID}
		}
		start := time.Now()
		must[azure.Connection](t)(f.nw.PutConnection(f.ctx, testRG, conn("conn-1", c1)))
		_, err := f.nw.PutConnection(f.ctx, testRG, conn("conn-2", c2))
		wantAzureErr(t, err, http.StatusConflict, "AnotherOperationInProgress")
		var e *azure.Error
		if errors.As(err, &e); !e.Retryable() {
			t.Errorf("%v is not Retryable", err)
		}
		if _, err := f.az.GetConnection(f.ctx, testRG, "conn-2"); !errors.Is(err, azure.ErrNotFound) {
			t.Errorf("the refused connection exists: %v", err)
		}
		time.Sleep(time.Until(start.Add(f.lat.Connection)))
		must[azure.Connection](t)(f.nw.PutConnection(f.ctx, testRG, conn("conn-2", c2)))
		// An update of the first while the second is being made.
		_, err = f.nw.PutConnection(f.ctx, testRG, azure.Connection{Name: "conn-1", Location: "eastus", RoutingWeight: 10})
		wantAzureErr(t, err, http.StatusConflict, "AnotherOperationInProgress")
		err = f.nw.DeleteConnection(f.ctx, testRG, "conn-1")
		wantAzureErr(t, err, http.StatusConflict, "AnotherOperationInProgress")
		time.Sleep(f.lat.Connection)
		noErr(t, f.nw.DeleteConnection(f.ctx, testRG, "conn-1"))
		err = f.nw.DeleteConnection(f.ctx, testRG, "conn-2")
		wantAzureErr(t, err, http.StatusConflict, "AnotherOperationInProgress")
		noErr(t, f.nw.DeleteConnection(f.ctx, testRG, "conn-1")) // joining its own delete is no conflict
		time.Sleep(f.lat.Connection)
		noErr(t, f.az.DeleteConnection(f.ctx, testRG, "conn-2"))
	})
}

// TestConnectionLimits: a gateway takes the circuits its SKU allows
// (ErGw1AZ: 4), and a virtual network at most 4 circuits of one peering
// location, whatever the SKU.
func TestConnectionLimits(t *testing.T) {
	for _, tc := range []struct {
		sku       string
		locations []string
		code      string
	}{
		{azure.SKUErGw1AZ, []string{"Washington DC", "Washington DC2", "Washington DC", "Washington DC2", "Washington DC"}, "GatewayConnectionLimitReached"},
		{azure.SKUErGw3AZ, []string{"Washington DC", "Washington DC", "Washington DC", "Washington DC", "Washington DC"}, "TooManyCircuitsFromPeeringLocation"},
	} {
		t.Run(tc.code, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				f := newFx(t)
				gw := f.gateway(tc.sku, 0)
				d := f.drg()
				f.attach(d.ID)
				for i, loc := range tc.locations {
					name := "er-" + string(rune('a'+i))
					c, _ := f.provisionCircuit(name, loc, d.ID, i)
					spec := azure.Connection{Name: "conn-" + name, Location: "eastus", GatewayID: gw.ID, CircuitID: c.ID}
					_, err := f.az.PutConnection(f.ctx, testRG, spec)
					if i < 4 {
						noErr(t, err)
						continue
					}
					wantAzureErr(t, err, http.StatusBadRequest, tc.code)
				}
			})
		})
	}
}

// TestDRGRouteTables: a DRG has a default route table for VCN attachments,
// which an attachment gets unless given another of the DRG's; ECMP is off
// until set, and UpdateDRGRouteTable changes it alone.
func TestDRGRouteTables(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFx(t)
		d := f.drg()
		if d.DefaultVCNRouteTableID == "" {
			t.Fatal("the DRG names no default route table for VCN attachments")
		}
		att := f.attach(d.ID)
		if att.DRGRouteTableID != d.DefaultVCNRouteTableID {
			t.Errorf("attachment's table %q, want the DRG's default %q", att.DRGRouteTableID, d.DefaultVCNRouteTableID)
		}
		rt := must[oci.DRGRouteTable](t)(f.oc.GetDRGRouteTable(f.ctx, att.DRGRouteTableID))
		if rt.ECMPEnabled || rt.DRGID != d.ID || rt.CompartmentID != d.CompartmentID || rt.State != oci.Available || rt.DisplayName == "" {
			t.Errorf("default table %+v", rt)
		}
		up := must[oci.DRGRouteTable](t)(f.oc.UpdateDRGRouteTable(f.ctx, rt.ID, true))
		if !up.ECMPEnabled || up.DisplayName != rt.DisplayName {
			t.Errorf("after UpdateDRGRouteTable(true): %+v", up)
		}
		if got := must[oci.DRGRouteTable](t)(f.oc.GetDRGRouteTable(f.ctx, rt.ID)); !got.ECMPEnabled {
			t.Error("ECMP did not stick")
		}
		calls := f.w.Calls()
		if last := calls[len(calls)-2]; last.Operation != "UpdateDRGRouteTable" || !last.Mutating {
			t.Errorf("the update is logged as %+v", last)
		}

		_, err := f.oc.GetDRGRouteTable(f.ctx, "ocid1.drgroutetable.oc1.us-ashburn-1.aaaaaaaanone")
		wantOCIErr(t, err, http.StatusNotFound, "NotAuthorizedOrNotFound")

		// An attachment given another table of the DRG; a table of another
		// DRG is refused.
		d2 := f.drg()
		own := f.w.AddDRGRouteTable(DRGRouteTable{DRGID: d2.ID, DisplayName: "mine", ECMPEnabled: true})
		other := f.w.AddDRGRouteTable(DRGRouteTable{DRGID: d.ID, DisplayName: "not d2's"})
		noErr(t, f.oc.DeleteDRGAttachment(f.ctx, att.ID))
		time.Sleep(f.lat.DRGAttachment)
		_, err = f.oc.CreateDRGAttachment(f.ctx, oci.DRGAttachment{DRGID: d2.ID, VCNID: testVCN, DRGRouteTableID: other.ID}, "")
		wantOCIErr(t, err, http.StatusBadRequest, "InvalidParameter")
		a2 := must[oci.DRGAttachment](t)(f.oc.CreateDRGAttachment(f.ctx, oci.DRGAttachment{DRGID: d2.ID, VCNID: testVCN, DRGRouteTableID: own.ID}, ""))
		if a2.DRGRouteTableID != own.ID {
			t.Errorf("attachment's table %q, want %q", a2.DRGRouteTableID, own.ID)
		}

		// While its DRG is PROVISIONING a table cannot change; once the DRG
		// is gone its tables are too.
		d3 := must[oci.DRG](t)(f.oc.CreateDRG(f.ctx, oci.DRG{CompartmentID: testComp}, ""))
		_, err = f.oc.UpdateDRGRouteTable(f.ctx, d3.DefaultVCNRouteTableID, true)
		wantOCIErr(t, err, http.StatusConflict, "IncorrectState")
		time.Sleep(f.lat.DRG)
		noErr(t, f.oc.DeleteDRG(f.ctx, d3.ID))
		time.Sleep(f.lat.DRG)
		_, err = f.oc.GetDRGRouteTable(f.ctx, d3.DefaultVCNRouteTableID)
		wantOCIErr(t, err, http.StatusNotFound, "NotAuthorizedOrNotFound")
	})
}
