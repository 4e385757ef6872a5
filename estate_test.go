package interconnect

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/plan"
	"github.com/azoci/interconnect/sim"
)

// The tests in this file run estates — a hub with spokes, more VCNs on the
// DRG — on the simulator, in synctest bubbles.

// extraVCN is the OCID of the i-th VCN of oci.vcns in seedEstate's world.
func extraVCN(i int) string { return fmt.Sprintf("ocid1.vcn.oc1.iad.aaaaaaaaextra%d", i) }

// spokeVNet is the name of the i-th spoke of seedEstate's world, in rg-apps.
func spokeVNet(i int) string { return fmt.Sprintf("vnet-app%d", i) }

// seedEstate seeds the world of seedWorld plus spokes VNets in rg-apps,
// 10.(50+i).0.0/16, and vcns more VCNs, 10.(30+i).0.0/16, and returns the
// spec naming them.
func seedEstate(t *testing.T, spokes, vcns int) (*sim.World, Spec) {
	t.Helper()
	w := seedWorld()
	s := simSpec(t, "")
	for i := range spokes {
		w.AddVirtualNetwork(sim.VirtualNetwork{SubscriptionID: simSub, ResourceGroup: "rg-apps", Name: spokeVNet(i), Region: "eastus",
			AddressSpace: []netip.Prefix{netip.MustParsePrefix(fmt.Sprintf("10.%d.0.0/16", 50+i))},
			Subnets:      map[string]netip.Prefix{"apps": netip.MustParsePrefix(fmt.Sprintf("10.%d.1.0/24", 50+i))}})
		s.Azure.Spokes = append(s.Azure.Spokes, SpokeSpec{VirtualNetwork: spokeVNet(i), ResourceGroup: "rg-apps"})
	}
	for i := range vcns {
		w.AddVCN(sim.VCN{ID: extraVCN(i), CompartmentID: simComp, Region: "us-ashburn-1",
			CIDRs: []netip.Prefix{netip.MustParsePrefix(fmt.Sprintf("10.%d.0.0/16", 30+i))}})
		s.OCI.VCNs = append(s.OCI.VCNs, VCNSpec{VCNID: extraVCN(i)})
	}
	return w, s
}

// TestEstate builds, verifies and tears down estates of a hub with 1, 2 and
// 5 spokes and as many more VCNs, and reports the critical-path ratio and
// the calls.
func TestEstate(t *testing.T) {
	for _, n := range []int{0, 1, 2, 5} {
		t.Run(fmt.Sprintf("%d spokes and %d more VCNs", n, n), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ctx := context.Background()
				w, s := seedEstate(t, n, n)
				c := newSimClient(w)
				planStart := time.Now()
				p, err := c.Plan(ctx, s)
				if err != nil {
					t.Fatal(err)
				}
				planReads, planTime := len(w.Calls()), time.Since(planStart)
				// Reads run concurrently: Plan takes a few reads' time,
				// whatever the number of networks.
				if depth := planTime / w.Latency().Read; depth > 4 {
					t.Errorf("Plan took %s, %d reads deep", planTime, depth)
				}
				for i := range n {
					for _, id := range []string{fmt.Sprintf("oci/vcns[%d]/drg-attachment", i), fmt.Sprintf("oci/vcns[%d]/route-rules", i),
						fmt.Sprintf("azure/spokes[%d]/hub-peering", i), fmt.Sprintf("azure/spokes[%d]/spoke-peering", i)} {
						if st, ok := p.Step(id); !ok || st.Action == plan.NoOp {
							t.Errorf("plan lacks %s (or it does nothing): %+v", id, st)
						}
					}
				}
				mark := len(w.Calls())
				start := time.Now()
				res, err := c.Apply(ctx, p)
				if err != nil {
					t.Fatalf("Apply: %v", err)
				}
				wall := time.Since(start)
				reads, writes := callCounts(w.Calls()[mark:])
				path, critical := p.CriticalPath(func(st plan.Step) time.Duration { r, _ := res.Step(st.ID); return r.Duration() })
				t.Logf("%d spokes, %d+1 VCNs: Plan %d reads in %s; Apply %s, critical path %s (%s), ratio %.4f; %d reads, %d writes",
					n, n, planReads, planTime, wall, critical, strings.Join(path, " → "), float64(wall)/float64(critical), reads, writes)
				if float64(wall) > 1.02*float64(critical) {
					t.Errorf("Apply took %s, more than 1.02 × its critical path %s", wall, critical)
				}
				if writes != p.Mutations() {
					t.Errorf("%d writes for %d mutations", writes, p.Mutations())
				}

				rep, err := c.Verify(ctx, s)
				if err != nil {
					t.Fatal(err)
				}
				if want := 16 + 4*n + n; !rep.OK() || len(rep.Checks) != want {
					t.Fatalf("Verify: ok %v, %d checks (want %d): %+v", rep.OK(), len(rep.Checks), want, rep.Failed())
				}
				keys := map[string]bool{}
				for _, ch := range rep.Checks {
					if keys[ch.Key()] {
						t.Errorf("two checks with key %q", ch.Key())
					}
					keys[ch.Key()] = true
				}
				for i := range n {
					att, err := w.OCI().ListDRGAttachments(ctx, simComp, extraVCN(i), "")
					if err != nil || len(att) != 1 || att[0].State != oci.Attached {
						t.Errorf("VCN %d attachments: %+v %v", i, att, err)
					}
					if !keys["azure.routes.primary "+extraVCN(i)] || !keys["oci.drg-attachment "+extraVCN(i)] {
						t.Errorf("Verify has no checks of VCN %d", i)
					}
					if !keys["azure.spoke.peering rg-apps/"+spokeVNet(i)] {
						t.Errorf("Verify has no check of spoke %d", i)
					}
					v, err := w.Azure().GetVirtualNetwork(ctx, "rg-apps", spokeVNet(i))
					if err != nil || len(v.Peerings) != 1 || v.Peerings[0].PeeringState != azure.PeeringConnected || !v.Peerings[0].UseRemoteGateways {
						t.Errorf("spoke %d peerings: %+v %v", i, v.Peerings, err)
					}
				}
				if p2, err := c.Plan(ctx, s); err != nil || p2.Mutations() != 0 {
					t.Fatalf("re-plan: %v, %d mutations", err, p2.Mutations())
				}

				pd, err := c.PlanDestroy(ctx, s)
				if err != nil {
					t.Fatal(err)
				}
				mark = len(w.Calls())
				start = time.Now()
				dres, err := c.Apply(ctx, pd)
				if err != nil {
					t.Fatalf("destroy: %v", err)
				}
				calls := w.Calls()[mark:]
				dreads, dwrites := callCounts(calls)
				dpath, dcritical := dres.CriticalPath(pd)
				t.Logf("%d spokes, %d+1 VCNs: destroy %s, critical path %s (%s), ratio %.4f; %d reads, %d writes",
					n, n, time.Since(start), dcritical, strings.Join(dpath, " → "), dres.Ratio(pd), dreads, dwrites)
				if dres.Ratio(pd) > 1.02 {
					t.Errorf("destroy ratio %.4f", dres.Ratio(pd))
				}
				lastDetach := slices.IndexFunc(calls, func(c sim.Call) bool { return c.Operation == "DeleteDRG" })
				for i, c := range calls {
					if c.Operation == "DeleteDRGAttachment" && i > lastDetach {
						t.Errorf("a DRG attachment was deleted after the DRG")
					}
				}
				for i := range n {
					att, _ := w.OCI().ListDRGAttachments(ctx, simComp, extraVCN(i), "")
					if slices.ContainsFunc(att, liveAttachment) {
						t.Errorf("VCN %d still attached after destroy: %+v", i, att)
					}
					if v, _ := w.Azure().GetVirtualNetwork(ctx, "rg-apps", spokeVNet(i)); len(v.Peerings) != 0 {
						t.Errorf("spoke %d still peered after destroy: %+v", i, v.Peerings)
					}
				}
				if hub, _ := w.Azure().GetVirtualNetwork(ctx, "rg-network", "vnet-app"); len(hub.Peerings) != 0 {
					t.Errorf("hub still peered after destroy: %+v", hub.Peerings)
				}
				if pd2, err := c.PlanDestroy(ctx, s); err != nil || pd2.Mutations() != 0 {
					t.Fatalf("after teardown: %v, %d mutations", err, pd2.Mutations())
				}
			})
		})
	}
}

// TestEstateAdoptsAPeering: a hub-side peering the user made is adopted
// (checked, never changed) and left by teardown; the library makes only the
// spoke's side.
func TestEstateAdoptsAPeering(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		w, s := seedEstate(t, 1, 0)
		spokeID := azure.ResourceID(simSub, "rg-apps", "virtualNetworks", spokeVNet(0))
		w.AddVirtualNetworkPeering(sim.VirtualNetworkPeering{ResourceGroup: "rg-network", VirtualNetwork: "vnet-app", Name: "hub-to-app0",
			RemoteVirtualNetworkID: spokeID, AllowVirtualNetworkAccess: true, AllowForwardedTraffic: true, AllowGatewayTransit: true})
		c := newSimClient(w)
		p, err := c.Plan(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		hub, _ := p.Step("azure/spokes[0]/hub-peering")
		spoke, _ := p.Step("azure/spokes[0]/spoke-peering")
		if hub.Action != plan.NoOp || !strings.Contains(hub.Reason, "adopted") || spoke.Action != plan.Create {
			t.Fatalf("hub side %s (%s), spoke side %s", hub.Action, hub.Reason, spoke.Action)
		}
		if _, err := c.Apply(ctx, p); err != nil {
			t.Fatal(err)
		}
		if rep, err := c.Verify(ctx, s); err != nil || !rep.OK() {
			t.Fatalf("Verify: %v %+v", err, rep.Failed())
		}
		d, err := c.PlanDestroy(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := d.Step("azure/spokes[0]/hub-peering"); ok || !slices.ContainsFunc(d.Notes, func(n string) bool { return strings.Contains(n, "hub-to-app0") }) {
			t.Errorf("teardown would delete the adopted peering, or does not say it leaves it: %+v", d.Notes)
		}
		if _, err := c.Apply(ctx, d); err != nil {
			t.Fatal(err)
		}
		v, _ := w.Azure().GetVirtualNetwork(ctx, "rg-network", "vnet-app")
		if len(v.Peerings) != 1 || v.Peerings[0].Name != "hub-to-app0" || !v.Peerings[0].AllowForwardedTraffic {
			t.Errorf("the adopted peering was changed or deleted: %+v", v.Peerings)
		}
	})
}

// TestEstateBadInputs: what Plan refuses in an estate, each problem naming
// the networks involved, with no write.
func TestEstateBadInputs(t *testing.T) {
	otherGateway := func(w *sim.World) {
		w.AddVirtualNetwork(sim.VirtualNetwork{SubscriptionID: simSub, ResourceGroup: "rg-apps", Name: "vnet-other", Region: "eastus",
			AddressSpace: []netip.Prefix{netip.MustParsePrefix("10.90.0.0/16")},
			Subnets:      map[string]netip.Prefix{azure.GatewaySubnetName: netip.MustParsePrefix("10.90.255.0/27")}})
		w.AddGateway(sim.Gateway{ResourceGroup: "rg-apps", Name: "other-gw", VirtualNetwork: "vnet-other", SKU: "ErGw1AZ"})
	}
	spoke0 := azure.ResourceID(simSub, "rg-apps", "virtualNetworks", spokeVNet(0))
	tests := []struct {
		name  string
		world func(*sim.World)
		edit  func(*Spec)
		want  string
	}{
		{"spoke missing", nil, func(s *Spec) {
			s.Azure.Spokes = append(s.Azure.Spokes, SpokeSpec{VirtualNetwork: "vnet-nope", ResourceGroup: "rg-apps"})
		},
			"azure.spokes[1].virtualNetwork: vnet-nope not found in resource group rg-apps"},
		{"spoke overlapping the hub", func(w *sim.World) {
			w.AddVirtualNetwork(sim.VirtualNetwork{SubscriptionID: simSub, ResourceGroup: "rg-apps", Name: "vnet-overlap", Region: "eastus",
				AddressSpace: []netip.Prefix{netip.MustParsePrefix("10.10.128.0/17")}})
		}, func(s *Spec) {
			s.Azure.Spokes = append(s.Azure.Spokes, SpokeSpec{VirtualNetwork: "vnet-overlap", ResourceGroup: "rg-apps"})
		},
			"azure.spokes[1].virtualNetwork: vnet-overlap address space 10.10.128.0/17 of spoke VNet vnet-overlap overlaps address space 10.10.0.0/16 of VNet vnet-app"},
		{"VCN overlapping a spoke", func(w *sim.World) {
			w.AddVCN(sim.VCN{ID: "ocid1.vcn.oc1.iad.aaaaaaaaoverlap", CompartmentID: simComp, Region: "us-ashburn-1", CIDRs: []netip.Prefix{netip.MustParsePrefix("10.50.0.0/20")}})
		}, func(s *Spec) { s.OCI.VCNs = append(s.OCI.VCNs, VCNSpec{VCNID: "ocid1.vcn.oc1.iad.aaaaaaaaoverlap"}) },
			"CIDR 10.50.0.0/20 of VCN vcn (ocid1.vcn.oc1.iad.aaaaaaaaoverlap) overlaps address space 10.50.0.0/16 of spoke VNet vnet-app0"},
		{"two VCNs overlapping", func(w *sim.World) {
			w.AddVCN(sim.VCN{ID: "ocid1.vcn.oc1.iad.aaaaaaaatwin", CompartmentID: simComp, Region: "us-ashburn-1", CIDRs: []netip.Prefix{netip.MustParsePrefix("10.30.0.0/24")}})
		}, func(s *Spec) { s.OCI.VCNs = append(s.OCI.VCNs, VCNSpec{VCNID: "ocid1.vcn.oc1.iad.aaaaaaaatwin"}) },
			"oci.vcns[1].vcnId: ocid1.vcn.oc1.iad.aaaaaaaatwin CIDR 10.30.0.0/24 of VCN vcn (ocid1.vcn.oc1.iad.aaaaaaaatwin) overlaps CIDR 10.30.0.0/16 of VCN vcn (" + extraVCN(0) + ")"},
		{"extra VCN missing", nil, func(s *Spec) { s.OCI.VCNs = append(s.OCI.VCNs, VCNSpec{VCNID: "ocid1.vcn.oc1.iad.aaaaaaaanope"}) },
			"oci.vcns[1].vcnId: ocid1.vcn.oc1.iad.aaaaaaaanope VCN not found in us-ashburn-1"},
		{"spoke with a gateway of its own", func(w *sim.World) {
			otherGateway(w)
		}, func(s *Spec) {
			s.Azure.Spokes = append(s.Azure.Spokes, SpokeSpec{VirtualNetwork: "vnet-other", ResourceGroup: "rg-apps"})
		},
			"azure.spokes[1].virtualNetwork: vnet-other has a gateway of its own (other-gw)"},
		{"spoke using another hub's gateway", func(w *sim.World) {
			otherGateway(w)
			other := azure.ResourceID(simSub, "rg-apps", "virtualNetworks", "vnet-other")
			w.AddVirtualNetworkPeering(sim.VirtualNetworkPeering{ResourceGroup: "rg-apps", VirtualNetwork: "vnet-other", Name: "other-to-app0",
				RemoteVirtualNetworkID: spoke0, AllowVirtualNetworkAccess: true, AllowGatewayTransit: true})
			w.AddVirtualNetworkPeering(sim.VirtualNetworkPeering{ResourceGroup: "rg-apps", VirtualNetwork: spokeVNet(0), Name: "app0-to-other",
				RemoteVirtualNetworkID: other, AllowVirtualNetworkAccess: true, UseRemoteGateways: true})
		}, nil, "azure.spokes[0].virtualNetwork: vnet-app0 already uses the gateway of VNet vnet-other through its peering app0-to-other"},
		{"adopted peering without gateway transit", func(w *sim.World) {
			w.AddVirtualNetworkPeering(sim.VirtualNetworkPeering{ResourceGroup: "rg-network", VirtualNetwork: "vnet-app", Name: "hub-to-app0",
				RemoteVirtualNetworkID: spoke0, AllowVirtualNetworkAccess: true})
		}, nil, "azure.spokes[0].virtualNetwork: the hub's side of its peering with the hub, hub-to-app0, exists and is not the library's to change: allowGatewayTransit is off"},
		{"more prefixes than the gateway advertises", func(w *sim.World) {
			var space []netip.Prefix
			for i := range 500 {
				space = append(space, netip.PrefixFrom(netip.AddrFrom4([4]byte{172, 16 + byte(i/256), byte(i % 256), 0}), 24))
			}
			w.AddVirtualNetwork(sim.VirtualNetwork{SubscriptionID: simSub, ResourceGroup: "rg-apps", Name: "vnet-wide", Region: "eastus", AddressSpace: space})
		}, func(s *Spec) {
			s.Azure.Spokes = append(s.Azure.Spokes, SpokeSpec{VirtualNetwork: "vnet-wide", ResourceGroup: "rg-apps"})
		},
			"azure.spokes: the hub and its spokes have 502 address prefixes, but an ExpressRoute gateway advertises at most 500 routes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				w, s := seedEstate(t, 1, 1)
				if tt.world != nil {
					tt.world(w)
				}
				if tt.edit != nil {
					tt.edit(&s)
				}
				_, err := newSimClient(w, WithPollInterval(time.Millisecond)).Plan(context.Background(), s)
				var v *ValidationError
				if !errors.As(err, &v) || !strings.Contains(err.Error(), tt.want) {
					t.Errorf("Plan: %v\nwant a *ValidationError with %q", err, tt.want)
				}
				if _, writes := callCounts(w.Calls()); writes != 0 {
					t.Errorf("Plan wrote %d times", writes)
				}
			})
		})
	}
}

// TestEstateRepairsAPeering: the library's own peering, changed by hand, is
// put back as wanted.
func TestEstateRepairsAPeering(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		w, s := seedEstate(t, 1, 0)
		c := newSimClient(w)
		p, err := c.Plan(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Apply(ctx, p); err != nil {
			t.Fatal(err)
		}
		hub, _ := w.Azure().GetVirtualNetwork(ctx, "rg-network", "vnet-app")
		mine := hub.Peerings[0]
		mine.AllowGatewayTransit = false
		if _, err := w.Azure().PutVirtualNetworkPeering(ctx, "rg-network", "vnet-app", mine); err != nil {
			t.Fatal(err)
		}
		if rep, _ := c.Verify(ctx, s); rep.OK() {
			t.Fatal("Verify passes with gateway transit off on the hub's side")
		}
		p, err = c.Plan(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		st, _ := p.Step("azure/spokes[0]/hub-peering")
		if ch, _ := st.Change("allowGatewayTransit"); st.Action != plan.Update || ch.Old != "false" || ch.New != "true" || p.Mutations() != 1 {
			t.Fatalf("repair plan: %s %+v (%d mutations)", st.Action, st.Changes, p.Mutations())
		}
		if _, err := c.Apply(ctx, p); err != nil {
			t.Fatal(err)
		}
		if rep, err := c.Verify(ctx, s); err != nil || !rep.OK() {
			t.Fatalf("Verify after the repair: %v %+v", err, rep.Failed())
		}
	})
}

// TestEstateVCNInAnotherCompartment: a VCN of oci.vcns in a compartment of
// its own gets its attachment in the DRG's compartment, and Verify and a
// re-plan find it there.
func TestEstateVCNInAnotherCompartment(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		const other = "ocid1.compartment.oc1..aaaaaaaaanalytics"
		w, s := seedEstate(t, 0, 0)
		w.AddVCN(sim.VCN{ID: extraVCN(0), CompartmentID: other, Region: "us-ashburn-1", CIDRs: []netip.Prefix{netip.MustParsePrefix("10.30.0.0/16")}})
		s.OCI.VCNs = []VCNSpec{{VCNID: extraVCN(0), CompartmentID: other}}
		c := newSimClient(w)
		p, err := c.Plan(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Apply(ctx, p); err != nil {
			t.Fatal(err)
		}
		if rep, err := c.Verify(ctx, s); err != nil || !rep.OK() {
			t.Fatalf("Verify: %v %+v", err, rep.Failed())
		}
		if p2, err := c.Plan(ctx, s); err != nil || p2.Mutations() != 0 {
			t.Fatalf("re-plan: %v, %d mutations", err, p2.Mutations())
		}
	})
}
