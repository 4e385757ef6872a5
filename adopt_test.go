package interconnect

import (
	"context"
	"net/netip"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/plan"
	"github.com/azoci/interconnect/sim"
)

// TestAdoptsTheVNetsGateway seeds a VNet that already has an ErGw1AZ
// ExpressRoute gateway under another name: Plan adopts it (no second gateway,
// no subnet or public IP of ours), resizes it to ErGw3AZ for FastPath as an
// Update with the cost noted, and teardown leaves it in place.
func TestAdoptsTheVNetsGateway(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		w := sim.New()
		w.AddVirtualNetwork(sim.VirtualNetwork{SubscriptionID: simSub, ResourceGroup: "rg-network", Name: "vnet-app", Region: "eastus",
			AddressSpace: []netip.Prefix{netip.MustParsePrefix("10.10.0.0/16")},
			Subnets:      map[string]netip.Prefix{"GatewaySubnet": netip.MustParsePrefix("10.10.254.0/27")}})
		w.AddVCN(sim.VCN{ID: simVCN, CompartmentID: simComp, Region: "us-ashburn-1", CIDRs: []netip.Prefix{netip.MustParsePrefix("10.20.0.0/16")}})
		w.AddGateway(sim.Gateway{ResourceGroup: "rg-network", Name: "corp-ergw", VirtualNetwork: "vnet-app", SKU: azure.SKUErGw1AZ})
		c := newSimClient(w)
		s := simSpec(t, "")
		s.Azure.Gateway.SubnetPrefix = netip.Prefix{} // the VNet has its GatewaySubnet

		p, err := c.Plan(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		got := actions(p)
		if got[StepGateway] != plan.Update {
			t.Errorf("gateway step is %s, want update", got[StepGateway])
		}
		for _, id := range []string{StepGatewaySubnet, StepPublicIP} {
			if _, ok := got[id]; ok {
				t.Errorf("plan has %s although the gateway is adopted", id)
			}
		}
		gwStep, _ := p.Step(StepGateway)
		if gwStep.Name != "corp-ergw" || !hasChange(gwStep, "sku", azure.SKUErGw3AZ) {
			t.Errorf("gateway step = %+v", gwStep)
		}
		notes := strings.Join(p.Notes, "\n")
		for _, want := range []string{"Adopts the VNet's existing ExpressRoute gateway corp-ergw", "Resizes gateway corp-ergw from ErGw1AZ to ErGw3AZ, which costs more per hour"} {
			if !strings.Contains(notes, want) {
				t.Errorf("notes lack %q:\n%s", want, notes)
			}
		}
		start := time.Now()
		if _, err := c.Apply(ctx, p); err != nil {
			t.Fatal(err)
		}
		t.Logf("Apply with an adopted gateway resized: %s", time.Since(start))
		if rep, err := c.Verify(ctx, s); err != nil || !rep.OK() {
			t.Fatalf("Verify: %v %+v", err, rep.Failed())
		}
		if _, err := w.Azure().GetGateway(ctx, "rg-network", "ora-link-ergw"); err == nil {
			t.Error("a second gateway was created")
		}

		pd, err := c.PlanDestroy(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := pd.Step(StepGateway); ok {
			t.Error("teardown deletes the adopted gateway")
		}
		if _, err := c.Apply(ctx, pd); err != nil {
			t.Fatal(err)
		}
		if gw, err := w.Azure().GetGateway(ctx, "rg-network", "corp-ergw"); err != nil || gw.SKU != azure.SKUErGw3AZ {
			t.Errorf("adopted gateway after teardown: %+v %v", gw, err)
		}
	})
}

// TestAdoptedNonAZGatewayCannotDoFastPath: a Standard (non-AZ) gateway cannot
// be resized in place, so FastPath is refused with the fix named.
func TestAdoptedNonAZGatewayCannotDoFastPath(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := sim.New()
		w.AddVirtualNetwork(sim.VirtualNetwork{SubscriptionID: simSub, ResourceGroup: "rg-network", Name: "vnet-app", Region: "eastus",
			AddressSpace: []netip.Prefix{netip.MustParsePrefix("10.10.0.0/16")},
			Subnets:      map[string]netip.Prefix{"GatewaySubnet": netip.MustParsePrefix("10.10.254.0/27")}})
		w.AddVCN(sim.VCN{ID: simVCN, CompartmentID: simComp, Region: "us-ashburn-1", CIDRs: []netip.Prefix{netip.MustParsePrefix("10.20.0.0/16")}})
		w.AddGateway(sim.Gateway{ResourceGroup: "rg-network", Name: "old-gw", VirtualNetwork: "vnet-app", SKU: azure.SKUStandard})
		s := simSpec(t, "")
		s.Azure.Gateway.SubnetPrefix = netip.Prefix{}
		_, err := newSimClient(w).Plan(context.Background(), s)
		if err == nil || !strings.Contains(err.Error(), "azure.fastPath: true the VNet's gateway old-gw is Standard, which cannot do FastPath") {
			t.Fatalf("Plan error = %v", err)
		}
	})
}
