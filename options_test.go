package interconnect

import (
	"context"
	"errors"
	"net/netip"
	"testing"
	"testing/synctest"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/sim"
)

// TestWithCatalogOverridesAPair: a pair the default catalog does not know
// (here eastus served from a made-up peering location) is refused by default
// and planned once the client's catalog has it.
func TestWithCatalogOverridesAPair(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := seedWorld()
		w.SetServiceProviders([]azure.ServiceProvider{{Name: azure.OracleServiceProvider, PeeringLocations: []string{"Ashburn Lab"}, BandwidthsMbps: []int{1000}}})
		s := simSpec(t, "")
		s.Azure.PeeringLocation = "Ashburn Lab"
		if _, err := newSimClient(w).Plan(context.Background(), s); err == nil {
			t.Fatal("the default catalog accepted an unknown peering location")
		}
		cat := DefaultCatalog()
		if err := cat.Add(RegionPair{AzureRegion: "eastus", OCIRegion: "us-ashburn-1", OCIRegionKey: "iad", PeeringLocations: []string{"Ashburn Lab"}}); err != nil {
			t.Fatal(err)
		}
		p, err := newSimClient(w, WithCatalog(cat)).Plan(context.Background(), s)
		if err != nil {
			t.Fatal(err)
		}
		if st, _ := p.Step(StepCircuit); !hasChange(st, "peeringLocation", "Ashburn Lab") {
			t.Errorf("circuit step = %+v", st)
		}
	})
}

// TestWithMaxRetries: with no retries a throttled read fails at once, naming
// the resource; with the default it is retried after the Retry-After.
func TestWithMaxRetries(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := sim.New()
		w.AddVirtualNetwork(sim.VirtualNetwork{SubscriptionID: simSub, ResourceGroup: "rg-network", Name: "vnet-app", Region: "eastus",
			AddressSpace: []netip.Prefix{netip.MustParsePrefix("10.10.0.0/16")}})
		w.AddVCN(sim.VCN{ID: simVCN, CompartmentID: simComp, Region: "us-ashburn-1", CIDRs: []netip.Prefix{netip.MustParsePrefix("10.20.0.0/16")}})
		s := simSpec(t, "")
		w.InjectFault(sim.Fault{Cloud: sim.CloudAzure, Operation: "GetVirtualNetwork", Count: 1, Kind: sim.Throttle})
		_, err := newSimClient(w, WithMaxRetries(0)).Plan(context.Background(), s)
		var ae *azure.Error
		if !errors.As(err, &ae) || ae.StatusCode != 429 || ae.Resource == "" {
			t.Fatalf("Plan with no retries: %v", err)
		}
		w.InjectFault(sim.Fault{Cloud: sim.CloudAzure, Operation: "GetVirtualNetwork", Count: 1, Kind: sim.Throttle})
		if _, err := newSimClient(w).Plan(context.Background(), s); err != nil {
			t.Fatalf("Plan with retries: %v", err)
		}
	})
}
