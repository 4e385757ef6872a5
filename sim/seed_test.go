package sim

import (
	"errors"
	"net/netip"
	"slices"
	"testing"
	"testing/synctest"
	"time"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/oci"
)

func TestSeedingAndCatalogs(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFx(t)
		if f.az.SubscriptionID() != testSub {
			t.Errorf("subscription %s", f.az.SubscriptionID())
		}
		// An empty resource group accepts Puts.
		f.w.AddResourceGroup("", "rg-empty", "eastus")
		if _, err := f.az.PutPublicIP(f.ctx, "rg-empty", azure.PublicIP{Name: "p", Location: "eastus", Static: true}); err != nil {
			t.Errorf("put into a seeded resource group: %v", err)
		}
		// A seeded DRG in its own compartment carries a virtual circuit.
		f.w.AddCompartment("ocid1.compartment.oc1..other")
		if l := must[[]oci.DRG](t)(f.oc.ListDRGs(f.ctx, "ocid1.compartment.oc1..other")); len(l) != 0 {
			t.Errorf("empty compartment lists %v", l)
		}
		d := f.w.AddDRG(DRG{ID: "ocid1.drg.oc1.us-ashburn-1.seeded", CompartmentID: testComp, DisplayName: "theirs",
			FreeformTags: map[string]string{"owner": "them"}})
		if d.State != oci.Available {
			t.Errorf("seeded DRG %s", d.State)
		}
		if l := must[[]oci.DRG](t)(f.oc.ListDRGs(f.ctx, testComp)); len(l) != 1 || l[0].FreeformTags["owner"] != "them" {
			t.Errorf("ListDRGs = %+v", l)
		}
		rt := f.w.AddRouteTable(RouteTable{VCNID: testVCN, DisplayName: "extra",
			Rules: []oci.RouteRule{{Destination: netip.MustParsePrefix("0.0.0.0/0"), NetworkEntityID: "ocid1.internetgateway.oc1.us-ashburn-1.igw"}}})
		got := must[oci.RouteTable](t)(f.oc.GetRouteTable(f.ctx, rt.ID))
		if got.VCNID != testVCN || got.CompartmentID != testComp || len(got.Rules) != 1 || got.ETag == "" {
			t.Errorf("seeded route table = %+v", got)
		}
		// ReplaceRouteRules with the right ETag, and with none.
		rt2 := must[oci.RouteTable](t)(f.w.replaceRouteRules(rt.ID, got.ETag, nil))
		if rt2.ETag == got.ETag || len(rt2.Rules) != 0 {
			t.Errorf("replace: %+v", rt2)
		}
		must[oci.RouteTable](t)(f.w.replaceRouteRules(rt.ID, "", got.Rules))

		// Catalogs.
		sps := must[[]azure.ServiceProvider](t)(f.az.ListServiceProviders(f.ctx))
		i := slices.IndexFunc(sps, func(p azure.ServiceProvider) bool { return p.Name == azure.OracleServiceProvider })
		if i < 0 || len(sps[i].PeeringLocations) != 15 || !slices.Equal(sps[i].BandwidthsMbps, []int{50, 100, 200, 500, 1000, 2000, 5000, 10000}) {
			t.Errorf("service providers = %+v", sps)
		}
		f.w.SetServiceProviders([]azure.ServiceProvider{{Name: azure.OracleServiceProvider, PeeringLocations: []string{"Atlantis"}, BandwidthsMbps: []int{1000}}})
		f.w.SetPeeringLocations(testRegion, []string{"Atlantis"})
		f.w.SetProviderServices([]ProviderService{{ProviderService: oci.ProviderService{ID: "ocid1.providerservice.oc1..custom",
			ProviderName: oci.AzureProviderName, Type: "LAYER3", CircuitTypes: []string{oci.CircuitTypePrivate}},
			Shapes: []oci.BandwidthShape{{Name: "1 Gbps", Mbps: 1000}}}})
		c := f.circuit("er", func(c *azure.Circuit) { c.PeeringLocation = "Atlantis" })
		spec := vcSpec(c.ServiceKey, d.ID)
		spec.ProviderServiceID = "ocid1.providerservice.oc1..custom"
		vc := must[oci.VirtualCircuit](t)(f.oc.CreateVirtualCircuit(f.ctx, spec, ""))
		time.Sleep(f.lat.VirtualCircuit)
		if v := must[oci.VirtualCircuit](t)(f.oc.GetVirtualCircuit(f.ctx, vc.ID)); v.State != oci.Provisioned || v.GatewayID != d.ID {
			t.Errorf("VC over a custom catalog: %+v", v)
		}
		f.w.SetPeeringLocations(testRegion, nil)
		if ps := must[[]oci.ProviderService](t)(f.oc.ListProviderServices(f.ctx, f.oc.TenancyID())); len(ps) != 1 {
			t.Errorf("provider services = %+v", ps)
		}
		if _, err := f.oc.ListBandwidthShapes(f.ctx, AzureProviderServiceID); !errors.Is(err, oci.ErrNotFound) {
			t.Errorf("replaced catalog still has the built-in service: %v", err)
		}
		// GetConnection of a missing connection; FaultKind names.
		if _, err := f.az.GetConnection(f.ctx, testRG, "nope"); !errors.Is(err, azure.ErrNotFound) {
			t.Errorf("GetConnection: %v", err)
		}
		if AsyncFailure.String() != "AsyncFailure" || FaultKind(42).String() != "FaultKind(42)" {
			t.Errorf("FaultKind.String")
		}
	})
}

// A panicking route table edit does not wedge the world.
func TestPanickingEdit(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFx(t)
		func() {
			defer func() { _ = recover() }()
			_, _ = f.oc.UpdateRouteTable(f.ctx, testRT, func([]oci.RouteRule) ([]oci.RouteRule, bool) { panic("boom") })
		}()
		must[oci.RouteTable](t)(f.oc.GetRouteTable(f.ctx, testRT))
	})
}
