package sim

import (
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"slices"
	"strings"
	"testing"
	"testing/synctest"

	"github.com/azoci/interconnect/azure"
)

// TestListGatewayConnections: a gateway lists its connections, seeded or
// made through the API, from every resource group and no other gateway's;
// a gateway without any lists none (an empty list); a missing one is 404.
// The call is a logged read of the gateway.
func TestListGatewayConnections(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFx(t)
		g := f.gateway(azure.SKUErGw3AZ, 0)
		if got := must[[]azure.Connection](t)(f.az.ListGatewayConnections(f.ctx, testRG, "gw")); got == nil || len(got) != 0 {
			t.Errorf("a gateway without connections lists %#v, want an empty list", got)
		}
		onPrem, seeded := f.w.AddCircuitConnection(CircuitConnection{ResourceGroup: "rg-onprem", GatewayID: g.ID,
			Circuit: "er-onprem", Connection: "conn-onprem", PeeringLocation: "Washington DC", Tags: map[string]string{"team": "net"}})
		if onPrem.ServiceProvider != "Equinix" || onPrem.ProviderState != azure.Provisioned || onPrem.PeeringLocation != "Washington DC" ||
			!strings.Contains(onPrem.ID, "/resourceGroups/rg-onprem/") {
			t.Errorf("seeded circuit %+v", onPrem)
		}
		c, _, _ := f.provisioned()
		ours := f.connect("conn", g, c)

		// Another VNet's gateway, with a connection of its own.
		f.w.AddVirtualNetwork(VirtualNetwork{ResourceGroup: testRG, Name: "vnet-other", Region: "eastus",
			AddressSpace: []netip.Prefix{netip.MustParsePrefix("10.50.0.0/16")},
			Subnets:      map[string]netip.Prefix{"GatewaySubnet": netip.MustParsePrefix("10.50.255.0/27")}})
		other := f.w.AddGateway(Gateway{ResourceGroup: testRG, Name: "gw-other", VirtualNetwork: "vnet-other", SKU: azure.SKUErGw1AZ})
		f.w.AddCircuitConnection(CircuitConnection{ResourceGroup: testRG, GatewayID: other.ID, Circuit: "er-other", Connection: "conn-other",
			PeeringLocation: "Chicago"})

		mark := len(f.w.Calls())
		got := must[[]azure.Connection](t)(f.az.ListGatewayConnections(f.ctx, testRG, "gw"))
		want := []azure.Connection{seeded, must[azure.Connection](t)(f.az.GetConnection(f.ctx, testRG, ours.Name))}
		slices.SortFunc(want, func(a, b azure.Connection) int { return strings.Compare(key(a.ID), key(b.ID)) })
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("ListGatewayConnections =\n%+v\nwant\n%+v", got, want)
		}
		for _, c := range got {
			if !equalFold(c.GatewayID, g.ID) || c.CircuitID == "" {
				t.Errorf("connection %s: gateway %q, circuit %q", c.Name, c.GatewayID, c.CircuitID)
			}
		}
		calls := f.w.Calls()[mark:]
		if len(calls) == 0 || calls[0].Operation != "ListGatewayConnections" || calls[0].Mutating || !equalFold(calls[0].Resource, g.ID) {
			t.Errorf("logged %+v, want a read of gateway %s", calls, g.ID)
		}

		_, err := f.az.ListGatewayConnections(f.ctx, testRG, "gw-missing")
		wantAzureErr(t, err, http.StatusNotFound, "ResourceNotFound")
		if !errors.Is(err, azure.ErrNotFound) {
			t.Errorf("missing gateway: %v, want ErrNotFound", err)
		}
	})
}

// TestSeededCircuitsCountTowardsTheLimits: circuits seeded on a gateway count
// as Azure counts them. Four circuits of Washington DC are the most one
// virtual network connects: a fifth, seeded or through PutConnection, is
// refused (TooManyCircuitsFromPeeringLocation); an ErGw1AZ gateway takes
// four connections in all (GatewayConnectionLimitReached).
func TestSeededCircuitsCountTowardsTheLimits(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFx(t)
		g := f.gateway(azure.SKUErGw3AZ, 0)
		for i := range azure.MaxCircuitsPerPeeringLocation {
			f.w.AddCircuitConnection(CircuitConnection{ResourceGroup: "rg-onprem", GatewayID: g.ID,
				Circuit: fmt.Sprintf("er-onprem-%d", i), Connection: fmt.Sprintf("conn-onprem-%d", i), PeeringLocation: "Washington DC"})
		}
		refused := func(code string, seed func()) {
			t.Helper()
			defer func() {
				if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), code) {
					t.Errorf("seeding past the limit: %v, want a panic with %s", r, code)
				}
			}()
			seed()
		}
		refused("TooManyCircuitsFromPeeringLocation", func() {
			f.w.AddCircuitConnection(CircuitConnection{ResourceGroup: "rg-onprem", GatewayID: g.ID, Circuit: "er-onprem-5",
				Connection: "conn-onprem-5", PeeringLocation: "Washington DC"})
		})
		c, _, _ := f.provisioned() // Oracle's, at Washington DC
		_, err := f.az.PutConnection(f.ctx, testRG, azure.Connection{Name: "conn", Location: "eastus", GatewayID: g.ID, CircuitID: c.ID})
		wantAzureErr(t, err, http.StatusBadRequest, "TooManyCircuitsFromPeeringLocation")

		f.w.AddVirtualNetwork(VirtualNetwork{ResourceGroup: testRG, Name: "vnet-small", Region: "eastus",
			AddressSpace: []netip.Prefix{netip.MustParsePrefix("10.50.0.0/16")},
			Subnets:      map[string]netip.Prefix{"GatewaySubnet": netip.MustParsePrefix("10.50.255.0/27")}})
		small := f.w.AddGateway(Gateway{ResourceGroup: testRG, Name: "gw-small", VirtualNetwork: "vnet-small", SKU: azure.SKUErGw1AZ})
		for i, loc := range []string{"Washington DC", "Chicago", "London", "Amsterdam"} {
			f.w.AddCircuitConnection(CircuitConnection{ResourceGroup: "rg-onprem", GatewayID: small.ID,
				Circuit: fmt.Sprintf("er-small-%d", i), Connection: fmt.Sprintf("conn-small-%d", i), PeeringLocation: loc})
		}
		refused("GatewayConnectionLimitReached", func() {
			f.w.AddCircuitConnection(CircuitConnection{ResourceGroup: "rg-onprem", GatewayID: small.ID, Circuit: "er-small-5",
				Connection: "conn-small-5", PeeringLocation: "Silicon Valley"})
		})
	})
}
