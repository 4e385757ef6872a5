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
	"github.com/azoci/interconnect/secret"
)

func TestHandoffTimeline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFx(t)
		lat := f.lat
		var vcID string
		get := func() (azure.Circuit, oci.VirtualCircuit) {
			return must[azure.Circuit](t)(f.az.GetCircuit(f.ctx, testRG, "er")), must[oci.VirtualCircuit](t)(f.oc.GetVirtualCircuit(f.ctx, vcID))
		}

		t0 := time.Now()
		c := f.circuit("er")
		if got, want := time.Since(t0), lat.Circuit; got != want {
			t.Errorf("PutCircuit took %v, want %v", got, want)
		}
		if c.State != azure.Succeeded || c.ProviderState != azure.NotProvisioned || c.ServiceKey.IsZero() {
			t.Fatalf("circuit = %+v", c)
		}
		gw := f.gateway(azure.SKUErGw3AZ, 0)
		d := f.drg()
		f.attach(d.ID)
		must[oci.RouteTable](t)(f.oc.UpdateRouteTable(f.ctx, testRT, func(r []oci.RouteRule) ([]oci.RouteRule, bool) {
			return append(r, oci.RouteRule{Destination: vnetSpace, NetworkEntityID: d.ID}), true
		}))

		vc := must[oci.VirtualCircuit](t)(f.oc.CreateVirtualCircuit(f.ctx, vcSpec(c.ServiceKey, d.ID), ""))
		tc := time.Now() // the call acted now: OCI creates return at once
		vcID = vc.ID
		if vc.State != oci.PendingProvider || vc.ProviderState != oci.ProviderInactive || vc.BGPSessionState != oci.BGPDown || vc.OracleBGPASN != 31898 {
			t.Fatalf("new vc = %+v", vc)
		}
		c, _ = get()
		if c.ProviderState != azure.Provisioning {
			t.Errorf("circuit provider state right after VC creation = %s, want Provisioning", c.ProviderState)
		}
		if _, err := f.az.ListARPTable(f.ctx, testRG, "er", azure.Primary); !errors.Is(err, azure.ErrNotFound) {
			t.Errorf("ARP before the peering exists: err = %v, want ErrNotFound", err)
		}

		check := func(at time.Duration, wantVC oci.LifecycleState, wantPS azure.ProviderState, wantBGP string) {
			t.Helper()
			f.at(tc.Add(at))
			c, vc := get()
			if vc.State != wantVC || c.ProviderState != wantPS || vc.BGPSessionState != wantBGP {
				t.Errorf("at +%v: vc %s/%s, circuit %s; want %s/%s, %s", at, vc.State, vc.BGPSessionState, c.ProviderState, wantVC, wantBGP, wantPS)
			}
		}
		check(lat.VirtualCircuit/3-time.Millisecond, oci.PendingProvider, azure.Provisioning, oci.BGPDown)
		check(lat.VirtualCircuit/3, oci.Provisioning, azure.Provisioning, oci.BGPDown)
		check(lat.VirtualCircuit-time.Millisecond, oci.Provisioning, azure.Provisioning, oci.BGPDown)
		check(lat.VirtualCircuit, oci.Provisioned, azure.Provisioned, oci.BGPDown)

		// Oracle configured the peering at PROVISIONED.
		p := must[azure.PrivatePeering](t)(f.az.GetPrivatePeering(f.ctx, testRG, "er"))
		if p.PeerASN != 31898 || p.AzureASN != 12076 || p.PrimaryPrefix != primary || p.SecondaryPrefix != secondary ||
			p.VLAN < 1 || p.VLAN > 4094 || p.SharedKey.Reveal() != testMD5 || p.LastModifiedBy != "ServiceProvider" || p.State != azure.Succeeded {
			t.Errorf("provider-configured peering = %+v", p)
		}
		if p.ID != c.ID+"/peerings/AzurePrivatePeering" {
			t.Errorf("peering ID = %s", p.ID)
		}
		// ARP answers on both paths now; no routes until BGP is up.
		for _, path := range []azure.DevicePath{azure.Primary, azure.Secondary} {
			arp := must[[]azure.ARPEntry](t)(f.az.ListARPTable(f.ctx, testRG, "er", path))
			pre := primary
			if path == azure.Secondary {
				pre = secondary
			}
			o, a := hostAddrs(pre)
			if len(arp) != 2 || arp[0].IPAddress != o || arp[1].IPAddress != a || arp[0].MACAddress == "Incomplete" || arp[1].MACAddress == "" {
				t.Errorf("ARP %s = %+v", path, arp)
			}
			if r := must[[]azure.Route](t)(f.az.ListRouteTable(f.ctx, testRG, "er", path)); len(r) != 0 {
				t.Errorf("routes %s before BGP = %+v", path, r)
			}
		}

		check(lat.VirtualCircuit+lat.BGP-time.Millisecond, oci.Provisioned, azure.Provisioned, oci.BGPDown)
		check(lat.VirtualCircuit+lat.BGP, oci.Provisioned, azure.Provisioned, oci.BGPUp)
		_, vc = get()
		if vc.ProviderState != oci.ProviderActive {
			t.Errorf("provider state = %s", vc.ProviderState)
		}
		for i, path := range []azure.DevicePath{azure.Primary, azure.Secondary} {
			o, _ := hostAddrs([]netip.Prefix{primary, secondary}[i])
			r := must[[]azure.Route](t)(f.az.ListRouteTable(f.ctx, testRG, "er", path))
			want := []azure.Route{{Network: vcnCIDR, NextHop: o, Path: "31898"}}
			if !slices.Equal(r, want) {
				t.Errorf("routes %s = %+v, want %+v", path, r, want)
			}
		}
		if got := f.w.OCILearnedRoutes(vcID); got != nil {
			t.Errorf("OCI learned %v before any connection", got)
		}

		// Connect the VNet: OCI learns its address space, while the new
		// connection still reads Unknown (Latency.ConnectionStatus).
		conn := must[azure.Connection](t)(f.az.PutConnection(f.ctx, testRG, azure.Connection{Name: "conn", Location: "eastus",
			GatewayID: gw.ID, CircuitID: c.ID, FastPath: true}))
		if conn.Status != azure.ConnectionUnknown || conn.State != azure.Succeeded {
			t.Errorf("connection = %+v", conn)
		}
		if got := f.w.OCILearnedRoutes(vcID); !slices.Equal(got, []netip.Prefix{vnetSpace}) {
			t.Errorf("OCI learned %v, want %v", got, vnetSpace)
		}

		// Teardown in the documented order.
		noErr(t, f.az.DeleteConnection(f.ctx, testRG, "conn"))
		noErr(t, f.oc.DeleteVirtualCircuit(f.ctx, vcID))
		td := time.Now()
		c, vc = get()
		if vc.State != oci.Terminating || c.ProviderState != azure.Deprovisioning || vc.BGPSessionState != oci.BGPDown {
			t.Errorf("after VC delete: vc %s/%s, circuit %s", vc.State, vc.BGPSessionState, c.ProviderState)
		}
		f.at(td.Add(lat.VirtualCircuit - time.Millisecond))
		if c, _ := get(); c.ProviderState != azure.Deprovisioning {
			t.Errorf("circuit %s just before TERMINATED", c.ProviderState)
		}
		f.at(td.Add(lat.VirtualCircuit))
		c, vc = get()
		if vc.State != oci.Terminated || c.ProviderState != azure.NotProvisioned {
			t.Errorf("at TERMINATED: vc %s, circuit %s", vc.State, c.ProviderState)
		}
		// The provider leaves its peering in place; the circuit cannot go
		// until the owner deletes it.
		if p, err := f.az.GetPrivatePeering(f.ctx, testRG, "er"); err != nil || p.LastModifiedBy != ModifiedByProvider {
			t.Errorf("provider peering after deprovisioning: %+v, %v", p, err)
		}
		if l := must[[]oci.VirtualCircuit](t)(f.oc.FindVirtualCircuits(f.ctx, testComp, "vc")); len(l) != 0 {
			t.Errorf("Find lists a TERMINATED circuit: %+v", l)
		}
		wantAzureErr(t, f.az.DeleteCircuit(f.ctx, testRG, "er"), http.StatusBadRequest, "CircuitHasPeerings")
		noErr(t, f.az.DeletePrivatePeering(f.ctx, testRG, "er"))
		if _, err := f.az.GetPrivatePeering(f.ctx, testRG, "er"); !errors.Is(err, azure.ErrNotFound) {
			t.Errorf("peering after DeletePrivatePeering: %v", err)
		}
		noErr(t, f.az.DeletePrivatePeering(f.ctx, testRG, "er")) // a missing peering: ARM answers 204
		noErr(t, f.az.DeleteCircuit(f.ctx, testRG, "er"))
		if _, err := f.az.GetCircuit(f.ctx, testRG, "er"); !errors.Is(err, azure.ErrNotFound) {
			t.Errorf("circuit after delete: %v", err)
		}
	})
}

func TestHandoffFailures(t *testing.T) {
	tests := []struct {
		name  string
		setup func(f *fx) (key secret.Value, shape string) // returns the key to order with
		// wantCircuit is the provider state the circuit keeps ("" = no circuit to check)
		wantCircuit azure.ProviderState
	}{
		{"unknown service key", func(f *fx) (secret.Value, string) {
			f.circuit("er")
			return "00000000-dead-4bee-8fff-000000000000", "1 Gbps"
		}, azure.NotProvisioned},
		{"bandwidth mismatch", func(f *fx) (secret.Value, string) {
			return f.circuit("er").ServiceKey, "2 Gbps"
		}, azure.NotProvisioned},
		{"wrong peering location", func(f *fx) (secret.Value, string) {
			return f.circuit("er", func(c *azure.Circuit) { c.PeeringLocation = "London" }).ServiceKey, "1 Gbps"
		}, azure.NotProvisioned},
		{"another provider", func(f *fx) (secret.Value, string) {
			return f.circuit("er", func(c *azure.Circuit) { c.ServiceProvider = "Equinix" }).ServiceKey, "1 Gbps"
		}, azure.NotProvisioned},
		{"circuit provisioned for another virtual circuit", func(f *fx) (secret.Value, string) {
			c := f.circuit("er")
			d := f.drg()
			must[oci.VirtualCircuit](f.t)(f.oc.CreateVirtualCircuit(f.ctx, vcSpec(c.ServiceKey, d.ID), ""))
			return c.ServiceKey, "1 Gbps"
		}, azure.Provisioning},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				f := newFx(t)
				key, shape := tt.setup(f)
				d := f.drg()
				spec := vcSpec(key, d.ID)
				spec.BandwidthShapeName = shape
				vc := must[oci.VirtualCircuit](t)(f.oc.CreateVirtualCircuit(f.ctx, spec, ""))
				tc := time.Now()
				if vc.State != oci.PendingProvider {
					t.Fatalf("state %s, want PENDING_PROVIDER", vc.State)
				}
				f.at(tc.Add(f.lat.VirtualCircuit/3 - time.Millisecond))
				if vc := must[oci.VirtualCircuit](t)(f.oc.GetVirtualCircuit(f.ctx, vc.ID)); vc.State != oci.PendingProvider {
					t.Errorf("just before a third: %s", vc.State)
				}
				f.at(tc.Add(f.lat.VirtualCircuit / 3))
				if vc := must[oci.VirtualCircuit](t)(f.oc.GetVirtualCircuit(f.ctx, vc.ID)); vc.State != oci.Failed || vc.BGPSessionState != oci.BGPDown {
					t.Errorf("at a third: %s/%s, want FAILED", vc.State, vc.BGPSessionState)
				}
				time.Sleep(f.lat.VirtualCircuit + f.lat.BGP)
				c := must[azure.Circuit](t)(f.az.GetCircuit(f.ctx, testRG, "er"))
				if c.ProviderState != tt.wantCircuit && !(tt.wantCircuit == azure.Provisioning && c.ProviderState == azure.Provisioned) {
					t.Errorf("circuit provider state %s, want %s", c.ProviderState, tt.wantCircuit)
				}
				// A failed virtual circuit can be deleted and does not touch the circuit.
				noErr(t, f.oc.DeleteVirtualCircuit(f.ctx, vc.ID))
				time.Sleep(f.lat.VirtualCircuit)
				if c2 := must[azure.Circuit](t)(f.az.GetCircuit(f.ctx, testRG, "er")); c2.ProviderState != c.ProviderState {
					t.Errorf("deleting the failed VC changed the circuit: %s → %s", c.ProviderState, c2.ProviderState)
				}
			})
		})
	}
}

func TestBreakAndRepairPath(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFx(t)
		c, _, vc := f.provisioned()
		noErr(t, f.w.BreakPath(c.ServiceKey.Reveal(), azure.Primary))
		arp := must[[]azure.ARPEntry](t)(f.az.ListARPTable(f.ctx, testRG, "er", azure.Primary))
		if arp[0].MACAddress != "Incomplete" || arp[1].MACAddress == "Incomplete" {
			t.Errorf("broken primary ARP = %+v", arp)
		}
		if r := must[[]azure.Route](t)(f.az.ListRouteTable(f.ctx, testRG, "er", azure.Primary)); len(r) != 0 {
			t.Errorf("broken primary routes = %+v", r)
		}
		if r := must[[]azure.Route](t)(f.az.ListRouteTable(f.ctx, testRG, "er", azure.Secondary)); len(r) != 1 {
			t.Errorf("secondary routes = %+v", r)
		}
		if v := must[oci.VirtualCircuit](t)(f.oc.GetVirtualCircuit(f.ctx, vc.ID)); v.BGPSessionState != oci.BGPUp {
			t.Errorf("one path down took the VC's BGP down")
		}
		noErr(t, f.w.BreakPath(c.ID, azure.Secondary))
		if v := must[oci.VirtualCircuit](t)(f.oc.GetVirtualCircuit(f.ctx, vc.ID)); v.BGPSessionState != oci.BGPDown {
			t.Errorf("both paths down, BGP still %s", v.BGPSessionState)
		}
		noErr(t, f.w.RepairPath(c.ID, azure.Primary))
		noErr(t, f.w.RepairPath(c.ServiceKey.Reveal(), azure.Secondary))
		arp = must[[]azure.ARPEntry](t)(f.az.ListARPTable(f.ctx, testRG, "er", azure.Primary))
		if arp[0].MACAddress == "Incomplete" {
			t.Errorf("repaired primary ARP = %+v", arp)
		}
		if err := f.w.BreakPath("nope", azure.Primary); !errors.Is(err, azure.ErrNotFound) {
			t.Errorf("BreakPath of unknown circuit: %v", err)
		}
	})
}

// A hand-made peering that matches brings BGP up after Latency.BGP; one that
// does not keeps it down; Oracle leaves an existing peering alone and does
// not remove a customer's peering on deprovisioning.
func TestHandMadePeering(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFx(t)
		c, d, vc := f.provisioned()
		bgp := func() string {
			return must[oci.VirtualCircuit](t)(f.oc.GetVirtualCircuit(f.ctx, vc.ID)).BGPSessionState
		}
		p := must[azure.PrivatePeering](t)(f.az.GetPrivatePeering(f.ctx, testRG, "er"))

		// A wrong key: BGP goes and stays down, ARP still answers.
		bad := p
		bad.SharedKey = "other"
		got := must[azure.PrivatePeering](t)(f.az.PutPrivatePeering(f.ctx, testRG, "er", bad))
		if got.LastModifiedBy != "Customer" {
			t.Errorf("LastModifiedBy = %s", got.LastModifiedBy)
		}
		time.Sleep(f.lat.BGP * 2)
		if bgp() != oci.BGPDown {
			t.Errorf("mismatched key: BGP %s", bgp())
		}
		if arp := must[[]azure.ARPEntry](t)(f.az.ListARPTable(f.ctx, testRG, "er", azure.Primary)); arp[0].MACAddress == "Incomplete" {
			t.Errorf("ARP depends on the MD5 key")
		}
		// Fixed: up again BGP latency after the peering succeeded.
		must[azure.PrivatePeering](t)(f.az.PutPrivatePeering(f.ctx, testRG, "er", p))
		ts := time.Now()
		f.at(ts.Add(f.lat.BGP - time.Millisecond))
		if bgp() != oci.BGPDown {
			t.Errorf("BGP up too early")
		}
		f.at(ts.Add(f.lat.BGP))
		if bgp() != oci.BGPUp {
			t.Errorf("BGP %s after fixing the peering", bgp())
		}

		// Deprovisioning leaves the customer's peering; a new VC leaves it alone too.
		noErr(t, f.oc.DeleteVirtualCircuit(f.ctx, vc.ID))
		time.Sleep(f.lat.VirtualCircuit)
		p2 := must[azure.PrivatePeering](t)(f.az.GetPrivatePeering(f.ctx, testRG, "er"))
		if p2.LastModifiedBy != "Customer" {
			t.Errorf("peering after deprovisioning = %+v", p2)
		}
		vc2 := must[oci.VirtualCircuit](t)(f.oc.CreateVirtualCircuit(f.ctx, vcSpec(c.ServiceKey, d.ID), ""))
		time.Sleep(f.lat.VirtualCircuit + f.lat.BGP)
		if v := must[oci.VirtualCircuit](t)(f.oc.GetVirtualCircuit(f.ctx, vc2.ID)); v.BGPSessionState != oci.BGPUp {
			t.Errorf("second VC over the customer's matching peering: %s/%s", v.State, v.BGPSessionState)
		}
		if p3 := must[azure.PrivatePeering](t)(f.az.GetPrivatePeering(f.ctx, testRG, "er")); p3.LastModifiedBy != "Customer" || p3.VLAN != p.VLAN {
			t.Errorf("Oracle overwrote the existing peering: %+v", p3)
		}
	})
}

// Swapped addresses (Oracle on the second host) never come up: ARP shows the
// Oracle address Incomplete.
func TestSwappedAddresses(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFx(t)
		c := f.circuit("er")
		d := f.drg()
		spec := vcSpec(c.ServiceKey, d.ID)
		for i := range spec.CrossConnectMappings {
			m := &spec.CrossConnectMappings[i]
			m.OracleBGPPeeringIP, m.CustomerBGPPeeringIP = m.CustomerBGPPeeringIP, m.OracleBGPPeeringIP
		}
		vc := must[oci.VirtualCircuit](t)(f.oc.CreateVirtualCircuit(f.ctx, spec, ""))
		time.Sleep(f.lat.VirtualCircuit + 2*f.lat.BGP)
		v := must[oci.VirtualCircuit](t)(f.oc.GetVirtualCircuit(f.ctx, vc.ID))
		if v.State != oci.Provisioned || v.BGPSessionState != oci.BGPDown {
			t.Errorf("vc %s/%s", v.State, v.BGPSessionState)
		}
	})
}
