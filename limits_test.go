package interconnect

import (
	"context"
	"fmt"
	"net/netip"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"go.uber.org/mock/gomock"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/plan"
	"github.com/azoci/interconnect/sim"
)

// withHub seeds, beside seedWorld's, VNet vnet-hub (10.10.0.0/16, its
// GatewaySubnet 10.10.255.0/27) holding ExpressRoute gateway corp-ergw of
// sku (or, with name, the gateway of that name and tags), and connects it
// to one circuit of someone else's at each of locations (Equinix's where it
// serves, else Oracle's), named er-onprem-<i> and conn-onprem-<i>.
func withHub(sku string, gw sim.Gateway, locations ...string) func(w *sim.World) {
	return func(w *sim.World) {
		w.AddVirtualNetwork(sim.VirtualNetwork{SubscriptionID: simSub, ResourceGroup: "rg-network", Name: "vnet-hub", Region: "eastus",
			AddressSpace: []netip.Prefix{netip.MustParsePrefix("10.10.0.0/16")},
			Subnets:      map[string]netip.Prefix{"GatewaySubnet": netip.MustParsePrefix("10.10.255.0/27")}})
		if gw.Name == "" {
			gw.Name = "corp-ergw"
		}
		gw.ResourceGroup, gw.VirtualNetwork, gw.SKU = "rg-network", "vnet-hub", sku
		g := w.AddGateway(gw)
		for i, loc := range locations {
			provider := "Equinix"
			if loc == "Washington DC2" {
				provider = azure.OracleServiceProvider // Equinix does not serve it in the simulator's catalog
			}
			w.AddCircuitConnection(sim.CircuitConnection{ResourceGroup: "rg-onprem", GatewayID: g.ID, Circuit: fmt.Sprintf("er-onprem-%d", i),
				Connection: fmt.Sprintf("conn-onprem-%d", i), ServiceProvider: provider, PeeringLocation: loc})
		}
	}
}

// hubSpec is simSpec on vnet-hub (whose GatewaySubnet is the spec's
// subnetPrefix), with extra keys.
func hubSpec(t *testing.T, extra string) Spec {
	s := simSpec(t, extra)
	s.Azure.VirtualNetwork = "vnet-hub"
	return s
}

// gatewayLimitInputs are the bad inputs that the limits of the VNet's
// existing gateway refuse (rows of TestBadInputs too): badBase on vnet-hub,
// whose gateway already carries other circuits.
func gatewayLimitInputs() []badInput {
	hub := func(top, azure string) string {
		return top + edit("  virtualNetwork: vnet-app\n", "  virtualNetwork: vnet-hub\n"+azure)
	}
	dc4 := []string{"Washington DC", "Washington DC", "Washington DC", "Washington DC"}
	dc24 := []string{"Washington DC2", "Washington DC2", "Washington DC2", "Washington DC2"}
	four := []string{"Chicago", "London", "Amsterdam", "Silicon Valley"}
	ours := sim.Gateway{Name: "ora-link-ergw", Tags: map[string]string{OwnershipTagKey: "ora-link"}}
	return []badInput{
		{name: "adopted gateway full of other circuits", spec: hub("", "  fastPath: false\n"), world: withHub(azure.SKUErGw1AZ, sim.Gateway{}, four...),
			want: "azure.virtualNetwork: vnet-hub the VNet's gateway corp-ergw is ErGw1AZ, which takes at most 4 circuit connections (Microsoft's ExpressRoute gateway limits); " +
				"it has 4 to other circuits (conn-onprem-0, conn-onprem-1, conn-onprem-2, conn-onprem-3), and this interconnect needs 1: " +
				"resize corp-ergw to ErGw2AZ yourself (8 circuit connections, in place; the library resizes an adopted gateway only for FastPath) " +
				"or remove 1 of the gateway's connections to other circuits"},
		{name: "adopted gateway with room for one location", spec: hub("resiliency: maximum\n", "  fastPath: false\n"), world: withHub(azure.SKUErGw1AZ, sim.Gateway{}, four[:3]...),
			want: "resiliency: maximum the VNet's gateway corp-ergw is ErGw1AZ, which takes at most 4 circuit connections (Microsoft's ExpressRoute gateway limits); " +
				"it has 3 to other circuits (conn-onprem-0, conn-onprem-1, conn-onprem-2), and this interconnect needs 2: " +
				"resize corp-ergw to ErGw2AZ yourself (8 circuit connections, in place; the library resizes an adopted gateway only for FastPath), " +
				"set resiliency: standard (one connection) or remove 1 of the gateway's connections to other circuits"},
		{name: "our gateway full after its planned downgrade", spec: strings.Replace(hub("", "  fastPath: false\n"), "    subnetPrefix:", "    sku: ErGw1AZ\n    subnetPrefix:", 1),
			world: withHub(azure.SKUErGw2AZ, ours, four...),
			want: "azure.gateway.sku: ErGw1AZ the VNet's gateway ora-link-ergw is ErGw1AZ after the planned resize, which takes at most 4 circuit connections (Microsoft's ExpressRoute gateway limits); " +
				"it has 4 to other circuits (conn-onprem-0, conn-onprem-1, conn-onprem-2, conn-onprem-3), and this interconnect needs 1: " +
				"set azure.gateway.sku: ErGw2AZ (8 circuit connections, a resize in place) or remove 1 of the gateway's connections to other circuits"},
		{name: "four other circuits at the peering location", spec: hub("", ""), world: withHub(azure.SKUErGw3AZ, sim.Gateway{}, dc4...),
			want: `azure.peeringLocation: "Washington DC" the VNet's gateway corp-ergw already connects 4 ExpressRoute circuits from Washington DC ` +
				"(er-onprem-0, er-onprem-1, er-onprem-2, er-onprem-3), and at most 4 circuits from one peering location connect to a virtual network " +
				"(Microsoft's ExpressRoute gateway limits): set azure.peeringLocation: Washington DC2 or remove the gateway's connection to one of those circuits"},
		{name: "four other circuits at the second location", spec: hub("resiliency: maximum\n", ""), world: withHub(azure.SKUErGw3AZ, sim.Gateway{}, dc24...),
			want: `azure.peeringLocations[1]: "Washington DC2" the VNet's gateway corp-ergw already connects 4 ExpressRoute circuits from Washington DC2 ` +
				"(er-onprem-0, er-onprem-1, er-onprem-2, er-onprem-3), and at most 4 circuits from one peering location connect to a virtual network " +
				"(Microsoft's ExpressRoute gateway limits): set resiliency: standard with azure.peeringLocation: Washington DC or remove the gateway's connection to one of those circuits"},
	}
}

// TestGatewayLimitsRefuse: each limit of the VNet's existing gateway
// refuses the plan, on the field to change, with the numbers and the fix
// (the whole error is this one problem), after reads only. Before Plan
// checked them, each planned and Apply failed on Azure's refusal of the
// connection, after creating (and billing) the circuits.
func TestGatewayLimitsRefuse(t *testing.T) {
	for _, tc := range gatewayLimitInputs() {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				w := seedWorld()
				tc.world(w)
				s, err := ParseSpec([]byte(tc.spec))
				if err != nil {
					t.Fatal(err)
				}
				c := newSimClient(w)
				p, err := c.Plan(context.Background(), s)
				if err == nil {
					res, aerr := c.Apply(context.Background(), p)
					t.Fatalf("planned %d mutations; Apply then: %v (%d steps)", p.Mutations(), aerr, len(res.Steps))
				}
				if err.Error() != tc.want {
					t.Errorf("error\n%s\nwant\n%s", err, tc.want)
				}
				for _, call := range w.Calls() {
					if call.Mutating {
						t.Errorf("Plan wrote: %s %s", call.Operation, call.Resource)
					}
				}
				t.Logf("refused after %d reads", len(w.Calls()))
			})
		})
	}
}

// TestGatewayLimitsFit: on an adopted gateway that already carries four
// other circuits, three of them at Washington DC (so that Plan reads their
// locations), a standard and a maximum interconnect that fit its limits plan
// the steps they plan on a gateway without them, and apply (Azure's own
// limits in the simulator agree). It prints the reads and the time of each
// Plan: the circuits are read once the gateway's connections are listed,
// which takes one read more than Plan's other reads.
func TestGatewayLimitsFit(t *testing.T) {
	four := []string{"Washington DC", "Washington DC", "Washington DC", "Chicago"} // a fourth at Washington DC fits
	for _, tc := range []struct {
		name  string
		extra string
		sites int
	}{{"standard", "", 1}, {"maximum", "resiliency: maximum\n", 2}} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				plans := map[bool]*plan.Plan{}
				reads := map[bool]int{}
				took := map[bool]time.Duration{}
				replans := map[bool]int{}
				for _, busy := range []bool{false, true} {
					w := seedWorld()
					locs := four
					if !busy {
						locs = nil
					}
					withHub(azure.SKUErGw3AZ, sim.Gateway{}, locs...)(w)
					c := newSimClient(w)
					s := hubSpec(t, tc.extra)
					start := time.Now()
					p, err := c.Plan(context.Background(), s)
					if err != nil {
						t.Fatalf("busy %v: %v", busy, err)
					}
					plans[busy], reads[busy], took[busy] = p, len(w.Calls()), time.Since(start)
					if _, err := c.Apply(context.Background(), p); err != nil {
						t.Fatalf("busy %v: Apply: %v", busy, err)
					}
					if conns, err := w.Azure().ListGatewayConnections(context.Background(), "rg-network", "corp-ergw"); err != nil || len(conns) != len(locs)+tc.sites {
						t.Errorf("busy %v: the gateway has %d connections (%v), want %d", busy, len(conns), err, len(locs)+tc.sites)
					}
					// Planned again, the applied interconnect adds nothing:
					// the gateway is at its limits, and that is no problem.
					mark := len(w.Calls())
					again, err := c.Plan(context.Background(), s)
					if err != nil || again.Mutations() != 0 {
						t.Fatalf("busy %v: planned again: %v", busy, err)
					}
					replans[busy] = len(w.Calls()) - mark
				}
				if a, b := actions(plans[false]), actions(plans[true]); fmt.Sprint(a) != fmt.Sprint(b) {
					t.Errorf("with other circuits on the gateway the plan is\n%v\nwithout\n%v", b, a)
				}
				notes := strings.Join(plans[true].Notes, "\n")
				if want := "Gateway corp-ergw has 4 connections to other circuits; with this interconnect's"; !strings.Contains(notes, want) {
					t.Errorf("notes lack %q:\n%s", want, notes)
				}
				read := sim.DefaultLatency().Read
				t.Logf("%s on an adopted gateway: Plan %d reads in %s alone on it, %d reads in %s with 4 other circuits on it (a read takes %s); once applied, Plan again %d and %d reads",
					tc.name, reads[false], took[false], reads[true], took[true], read, replans[false], replans[true])
				// The list and the circuits are read while the other reads
				// go on; only the circuits wait for the list.
				if reads[true] != reads[false]+4 || took[true] > took[false]+read {
					t.Errorf("Plan: %d reads in %s with the other circuits, %d in %s without: want 4 more reads and at most one read's time more",
						reads[true], took[true], reads[false], took[false])
				}
			})
		})
	}
}

// TestPlanReadsTheOtherCircuitsOnce pins, on mocks, what Plan reads of an
// adopted gateway that carries four connections besides the interconnect's:
// the list of its connections, then each other circuit of this
// subscription once (gomock fails a second read); not the circuit of
// another subscription, which this client cannot read (a note says so), and
// not the interconnect's own circuit, which someone else's connection also
// joins: readSite reads that one, once.
func TestPlanReadsTheOtherCircuitsOnce(t *testing.T) {
	az, oc := newMocks(t)
	corpID := "/subscriptions/" + mockSub + "/resourceGroups/" + mockRG + "/providers/Microsoft.Network/virtualNetworkGateways/corp-ergw"
	onPrem := func(name string) string {
		return "/subscriptions/" + mockSub + "/resourceGroups/rg-onprem/providers/Microsoft.Network/expressRouteCircuits/" + name
	}
	elsewhere := "/subscriptions/99999999-8888-7777-6666-555555555555/resourceGroups/rg-x/providers/Microsoft.Network/expressRouteCircuits/er-x"
	expectReads(az, oc, mockWorld{subnet: &azure.Subnet{ID: mockSubnet, Name: "GatewaySubnet", Prefix: netip.MustParsePrefix("10.10.255.0/27"),
		IPConfigurationIDs: []string{corpID + "/ipConfigurations/default"}, State: azure.Succeeded}})
	az.EXPECT().GetGateway(gomock.Any(), mockRG, "corp-ergw").Return(azure.Gateway{ID: corpID, Name: "corp-ergw", GatewayType: azure.GatewayTypeExpressRoute,
		SKU: azure.SKUErGw3AZ, SubnetID: mockSubnet, State: azure.Succeeded}, nil)
	conn := func(name, circuit string) azure.Connection {
		return azure.Connection{ID: "/subscriptions/" + mockSub + "/resourceGroups/rg-onprem/providers/Microsoft.Network/connections/" + name,
			Name: name, GatewayID: corpID, CircuitID: circuit, State: azure.Succeeded}
	}
	az.EXPECT().ListGatewayConnections(gomock.Any(), mockRG, "corp-ergw").Return([]azure.Connection{
		conn("conn-a", onPrem("er-a")), conn("conn-b", onPrem("er-b")), conn("conn-x", elsewhere), conn("conn-to-ours", mockCktID),
	}, nil)
	for _, name := range []string{"er-a", "er-b"} {
		az.EXPECT().GetCircuit(gomock.Any(), "rg-onprem", name).Return(azure.Circuit{ID: onPrem(name), Name: name, ServiceProvider: "Equinix",
			PeeringLocation: "Washington DC", ProviderState: azure.Provisioned, State: azure.Succeeded}, nil)
	}
	s := mockSpec(t)
	p, err := New(az, oc).Plan(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	notes := strings.Join(p.Notes, "\n")
	for _, want := range []string{
		"Gateway corp-ergw has 4 connections to other circuits; with this interconnect's 1 it carries 5 of the 16 circuit connections ErGw3AZ takes.",
		"Could not read the peering location of " + elsewhere + " (another subscription's, or gone), joined to gateway corp-ergw",
	} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes lack %q:\n%s", want, notes)
		}
	}
}

// TestRoomyGateway: the SKU Plan suggests for n circuit connections is the
// smallest one the gateway can be resized to in place that takes them (and
// FastPath when it is on); none past 16.
func TestRoomyGateway(t *testing.T) {
	for _, tc := range []struct {
		from      string
		n         int
		fastPath  bool
		wantSKU   string
		wantUnits int
	}{
		{azure.SKUErGw1AZ, 5, false, azure.SKUErGw2AZ, 0},
		{azure.SKUErGw1AZ, 9, false, azure.SKUErGw3AZ, 0},
		{azure.SKUErGw1AZ, 5, true, azure.SKUErGw3AZ, 0},
		{azure.SKUErGw3AZ, 17, false, "", 0},
		{azure.SKUErGwScale, 5, false, azure.SKUErGwScale, 2},
		{azure.SKUErGwScale, 9, false, azure.SKUErGwScale, 10},
		{azure.SKUErGwScale, 5, true, azure.SKUErGwScale, 10},
		{azure.SKUStandard, 5, false, azure.SKUHighPerformance, 0},
		{azure.SKUStandard, 5, true, azure.SKUUltraPerformance, 0},
		{azure.SKUHighPerformance, 9, false, azure.SKUUltraPerformance, 0},
	} {
		sku, units := roomyGateway(tc.from, tc.n, tc.fastPath)
		if sku != tc.wantSKU || units != tc.wantUnits {
			t.Errorf("roomyGateway(%s, %d, FastPath %v) = %s, %d; want %s, %d", tc.from, tc.n, tc.fastPath, sku, units, tc.wantSKU, tc.wantUnits)
		}
	}
}
