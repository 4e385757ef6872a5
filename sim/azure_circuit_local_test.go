package sim

import (
	"net/netip"
	"slices"
	"testing"
	"testing/synctest"
	"time"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/oci"
)

// TestExpressRouteLocalReach: an ExpressRoute Local circuit at Washington DC
// (local regions East US and East US 2) exchanges routes with a gateway in
// East US and with none in West US: the West US gateway's connection is
// accepted, but it learns no VCN route and OCI learns nothing of its VNet
// (localReach cites the FAQ). A Standard circuit reaches both.
func TestExpressRouteLocalReach(t *testing.T) {
	for _, tier := range []string{"Local", "Standard"} {
		t.Run(tier, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				f := newFx(t)
				far := netip.MustParsePrefix("10.60.0.0/16")
				f.w.AddVirtualNetwork(VirtualNetwork{SubscriptionID: testSub, ResourceGroup: testRG, Name: "vnet-west", Region: "westus",
					AddressSpace: []netip.Prefix{far}, Subnets: map[string]netip.Prefix{"GatewaySubnet": netip.MustParsePrefix("10.60.255.0/27")}})
				west := f.w.AddGateway(Gateway{ResourceGroup: testRG, Name: "gw-west", VirtualNetwork: "vnet-west", SKU: azure.SKUErGw3AZ})
				east := f.gateway(azure.SKUErGw3AZ, 0)

				c := f.circuit("er", func(c *azure.Circuit) { c.SKU = azure.CircuitSKU{Tier: tier, Family: "UnlimitedData"} })
				d := f.drg()
				f.attach(d.ID)
				vc := must[oci.VirtualCircuit](t)(f.oc.CreateVirtualCircuit(f.ctx, vcSpec(c.ServiceKey, d.ID), ""))
				time.Sleep(f.lat.VirtualCircuit + f.lat.BGP)
				for _, g := range []azure.Gateway{east, west} {
					must[azure.Connection](t)(f.az.PutConnection(f.ctx, testRG, azure.Connection{Name: "conn-" + g.Name, Location: g.Location, GatewayID: g.ID, CircuitID: c.ID}))
				}
				learnsVCN := func(g azure.Gateway) bool {
					routes := must[[]azure.GatewayRoute](t)(f.az.ListLearnedRoutes(f.ctx, testRG, g.Name))
					return slices.ContainsFunc(routes, func(r azure.GatewayRoute) bool { return r.Network == vcnCIDR && r.Origin == azure.OriginEBGP })
				}
				if !learnsVCN(east) {
					t.Errorf("the East US gateway did not learn the VCN")
				}
				wantFar := tier != "Local"
				if got := learnsVCN(west); got != wantFar {
					t.Errorf("the West US gateway learned the VCN: %v, want %v", got, wantFar)
				}
				want := []netip.Prefix{vnetSpace}
				if wantFar {
					want = append(want, far)
				}
				if got := f.w.OCILearnedRoutes(vc.ID); !slices.Equal(got, want) {
					t.Errorf("OCI learned %v, want %v", got, want)
				}
			})
		})
	}
}
