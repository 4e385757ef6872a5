package sim

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/netip"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/azoci/interconnect/azure"
)

// spoke seeds a virtual network of the test resource group and returns its
// ID.
func (f *fx) spoke(name, space string, subnets map[string]netip.Prefix) string {
	f.t.Helper()
	f.w.AddVirtualNetwork(VirtualNetwork{SubscriptionID: testSub, ResourceGroup: testRG, Name: name, Region: "eastus",
		AddressSpace: []netip.Prefix{netip.MustParsePrefix(space)}, Subnets: subnets})
	return armID(testSub, testRG, typeVirtualNetworks, name)
}

// hubGateway seeds a spoke-like virtual network with a GatewaySubnet and a
// Succeeded gateway, and returns its ID.
func (f *fx) hubGateway(name, space, gwSubnet string) string {
	f.t.Helper()
	id := f.spoke(name, space, map[string]netip.Prefix{azure.GatewaySubnetName: netip.MustParsePrefix(gwSubnet)})
	f.w.AddGateway(Gateway{ResourceGroup: testRG, Name: name + "-gw", VirtualNetwork: name, SKU: azure.SKUErGw1AZ})
	return id
}

func peer(name, remote string) azure.VirtualNetworkPeering {
	return azure.VirtualNetworkPeering{Name: name, RemoteVirtualNetworkID: remote, AllowVirtualNetworkAccess: true}
}

// peeringsByName reads a virtual network's peerings through GetVirtualNetwork.
func (f *fx) peeringsByName(vnet string) map[string]azure.VirtualNetworkPeering {
	f.t.Helper()
	out := map[string]azure.VirtualNetworkPeering{}
	for _, p := range must[azure.VirtualNetwork](f.t)(f.az.GetVirtualNetwork(f.ctx, testRG, vnet)).Peerings {
		out[p.Name] = p
	}
	return out
}

func (f *fx) peeringState(vnet, name string) azure.PeeringState {
	f.t.Helper()
	p, ok := f.peeringsByName(vnet)[name]
	if !ok {
		return "(none)"
	}
	return p.PeeringState
}

// TestVNetPeeringLifecycle: one side is Initiated, both are Connected, an
// update keeps them Connected, deleting one side leaves the other
// Disconnected, which must be updated (Initiated) before the deleted side
// can be re-created; every Put and Delete lasts Latency.VNetPeering and is
// logged.
func TestVNetPeeringLifecycle(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFx(t)
		spokeID := f.spoke("vnet-spoke", "10.30.0.0/16", nil)
		hubToSpoke, spokeToHub := peer("hub-to-spoke", spokeID), peer("spoke-to-hub", f.vnetID())

		accepted := must[azure.VirtualNetworkPeering](t)(f.nw.PutVirtualNetworkPeering(f.ctx, testRG, testVNet, hubToSpoke))
		if accepted.State != azure.Updating || accepted.PeeringState != azure.PeeringInitiated {
			t.Errorf("accepted = %+v, want Updating and Initiated", accepted)
		}
		if got := f.peeringsByName(testVNet)["hub-to-spoke"]; got.State != azure.Updating {
			t.Errorf("during the operation the VNet lists %+v", got)
		}
		time.Sleep(f.lat.VNetPeering)
		got := f.peeringsByName(testVNet)["hub-to-spoke"]
		want := azure.VirtualNetworkPeering{ID: vnetPeeringID(f.vnetID(), "hub-to-spoke"), Name: "hub-to-spoke", RemoteVirtualNetworkID: spokeID,
			AllowVirtualNetworkAccess: true, PeeringState: azure.PeeringInitiated, State: azure.Succeeded}
		if got != want {
			t.Errorf("hub's side = %+v, want %+v", got, want)
		}

		t0 := time.Now()
		back := must[azure.VirtualNetworkPeering](t)(f.az.PutVirtualNetworkPeering(f.ctx, testRG, "vnet-spoke", spokeToHub))
		if d := time.Since(t0); d != f.lat.VNetPeering {
			t.Errorf("the blocking Put took %v, want %v", d, f.lat.VNetPeering)
		}
		if back.PeeringState != azure.PeeringConnected || back.State != azure.Succeeded {
			t.Errorf("spoke's side = %+v, want Connected", back)
		}
		if s := f.peeringState(testVNet, "hub-to-spoke"); s != azure.PeeringConnected {
			t.Errorf("hub's side is %s once both exist, want Connected", s)
		}

		hubToSpoke.AllowForwardedTraffic = true
		up := must[azure.VirtualNetworkPeering](t)(f.az.PutVirtualNetworkPeering(f.ctx, testRG, testVNet, hubToSpoke))
		if !up.AllowForwardedTraffic || up.PeeringState != azure.PeeringConnected || f.peeringState("vnet-spoke", "spoke-to-hub") != azure.PeeringConnected {
			t.Errorf("after an update: %+v, spoke's side %s", up, f.peeringState("vnet-spoke", "spoke-to-hub"))
		}

		noErr(t, f.nw.DeleteVirtualNetworkPeering(f.ctx, testRG, testVNet, "hub-to-spoke"))
		if s := f.peeringState("vnet-spoke", "spoke-to-hub"); s != azure.PeeringConnected {
			t.Errorf("while the hub's side is Deleting the spoke's is %s, want still Connected", s)
		}
		time.Sleep(f.lat.VNetPeering)
		if s := f.peeringState(testVNet, "hub-to-spoke"); s != "(none)" {
			t.Errorf("deleted side still listed: %s", s)
		}
		if s := f.peeringState("vnet-spoke", "spoke-to-hub"); s != azure.PeeringDisconnected {
			t.Errorf("after the delete the spoke's side is %s, want Disconnected", s)
		}

		_, err := f.az.PutVirtualNetworkPeering(f.ctx, testRG, testVNet, hubToSpoke)
		wantAzureErr(t, err, http.StatusBadRequest, "RemotePeeringIsDisconnected")
		if s := f.peeringState(testVNet, "hub-to-spoke"); s != "(none)" {
			t.Errorf("the refused Put made a peering: %s", s)
		}
		if p := must[azure.VirtualNetworkPeering](t)(f.az.PutVirtualNetworkPeering(f.ctx, testRG, "vnet-spoke", spokeToHub)); p.PeeringState != azure.PeeringInitiated {
			t.Errorf("updating the Disconnected side: %s, want Initiated", p.PeeringState)
		}
		if p := must[azure.VirtualNetworkPeering](t)(f.az.PutVirtualNetworkPeering(f.ctx, testRG, testVNet, hubToSpoke)); p.PeeringState != azure.PeeringConnected {
			t.Errorf("re-created side: %s, want Connected", p.PeeringState)
		}
		if s := f.peeringState("vnet-spoke", "spoke-to-hub"); s != azure.PeeringConnected {
			t.Errorf("spoke's side after the re-creation: %s", s)
		}

		noErr(t, f.az.DeleteVirtualNetworkPeering(f.ctx, testRG, testVNet, "nope"))
		err = f.az.DeleteVirtualNetworkPeering(f.ctx, testRG, "vnet-nope", "hub-to-spoke")
		wantAzureErr(t, err, http.StatusNotFound, "ResourceNotFound")
		if !errors.Is(err, azure.ErrNotFound) {
			t.Errorf("delete on a missing VNet: %v, want ErrNotFound", err)
		}

		var puts, deletes int
		for _, c := range f.w.Calls() {
			switch c.Operation {
			case "PutVirtualNetworkPeering":
				puts++
				if !c.Mutating || !strings.Contains(c.Resource, "/virtualNetworkPeerings/") {
					t.Errorf("logged %+v", c)
				}
			case "DeleteVirtualNetworkPeering":
				deletes++
			}
		}
		if puts != 6 || deletes != 3 {
			t.Errorf("logged %d puts and %d deletes, want 6 and 3", puts, deletes)
		}
	})
}

// TestVNetPeeringRules: each refusal, with its status and code, creates
// nothing.
func TestVNetPeeringRules(t *testing.T) {
	hub2 := func(f *fx) string { return f.hubGateway("vnet-hub2", "10.40.0.0/16", "10.40.255.0/27") }
	tests := []struct {
		name   string
		vnet   string // where the refused peering is put
		act    func(f *fx) azure.VirtualNetworkPeering
		status int
		code   string
	}{
		{"remote VNet missing", testVNet, func(f *fx) azure.VirtualNetworkPeering {
			return peer("p", armID(testSub, testRG, typeVirtualNetworks, "vnet-nope"))
		}, 400, "InvalidGlobalResourceReference"},
		{"no remote VNet", testVNet, func(f *fx) azure.VirtualNetworkPeering { return peer("p", "") }, 400, "InvalidRequestFormat"},
		{"local VNet missing", "vnet-nope", func(f *fx) azure.VirtualNetworkPeering { return peer("p", f.vnetID()) }, 404, "ResourceNotFound"},
		{"no name", testVNet, func(f *fx) azure.VirtualNetworkPeering {
			return peer("", f.spoke("vnet-spoke", "10.30.0.0/16", nil))
		}, 400, "InvalidResourceName"},
		{"address spaces overlap", testVNet, func(f *fx) azure.VirtualNetworkPeering {
			return peer("p", f.spoke("vnet-spoke", "10.10.128.0/17", nil))
		}, 400, "VnetAddressSpacesOverlap"},
		{"peering itself", testVNet, func(f *fx) azure.VirtualNetworkPeering { return peer("p", f.vnetID()) }, 400, "VnetAddressSpacesOverlap"},
		{"overlaps a VNet already peered with the remote", "vnet-b", func(f *fx) azure.VirtualNetworkPeering {
			a := f.spoke("vnet-a", "10.30.0.0/16", nil)
			f.spoke("vnet-b", "10.30.0.0/17", nil)
			f.w.AddVirtualNetworkPeering(VirtualNetworkPeering{ResourceGroup: testRG, VirtualNetwork: testVNet, Name: "hub-to-a", RemoteVirtualNetworkID: a})
			return peer("b-to-hub", f.vnetID())
		}, 400, "VnetAddressSpaceOverlapsWithAlreadyPeeredVnet"},
		{"remote overlaps a VNet already peered with the local one", testVNet, func(f *fx) azure.VirtualNetworkPeering {
			a := f.spoke("vnet-a", "10.30.0.0/16", nil)
			f.spoke("vnet-b", "10.30.0.0/17", nil)
			f.w.AddVirtualNetworkPeering(VirtualNetworkPeering{ResourceGroup: testRG, VirtualNetwork: testVNet, Name: "hub-to-a", RemoteVirtualNetworkID: a})
			return peer("hub-to-b", armID(testSub, testRG, typeVirtualNetworks, "vnet-b"))
		}, 400, "VnetAddressSpaceOverlapsWithAlreadyPeeredVnet"},
		{"a second peering to the same remote VNet", testVNet, func(f *fx) azure.VirtualNetworkPeering {
			s := f.spoke("vnet-spoke", "10.30.0.0/16", nil)
			f.w.AddVirtualNetworkPeering(VirtualNetworkPeering{ResourceGroup: testRG, VirtualNetwork: testVNet, Name: "first", RemoteVirtualNetworkID: s})
			return peer("second", s)
		}, 400, "AnotherPeeringAlreadyReferencesRemoteVnet"},
		{"changing the remote VNet", testVNet, func(f *fx) azure.VirtualNetworkPeering {
			s := f.spoke("vnet-spoke", "10.30.0.0/16", nil)
			other := f.spoke("vnet-other", "10.31.0.0/16", nil)
			f.w.AddVirtualNetworkPeering(VirtualNetworkPeering{ResourceGroup: testRG, VirtualNetwork: testVNet, Name: "p", RemoteVirtualNetworkID: s})
			return peer("p", other)
		}, 400, "ChangingRemoteVirtualNetworkNotAllowed"},
		{"remote VNet busy with a subnet", testVNet, func(f *fx) azure.VirtualNetworkPeering {
			s := f.spoke("vnet-spoke", "10.30.0.0/16", nil)
			must[azure.Subnet](f.t)(f.nw.PutSubnet(f.ctx, testRG, "vnet-spoke", azure.Subnet{Name: "s", Prefix: netip.MustParsePrefix("10.30.1.0/24")}))
			return peer("p", s)
		}, 400, "ReferencedResourceNotProvisioned"},
		{"remote side being created", testVNet, func(f *fx) azure.VirtualNetworkPeering {
			s := f.spoke("vnet-spoke", "10.30.0.0/16", nil)
			must[azure.VirtualNetworkPeering](f.t)(f.nw.PutVirtualNetworkPeering(f.ctx, testRG, "vnet-spoke", peer("back", f.vnetID())))
			return peer("p", s)
		}, 400, "ReferencedResourceNotProvisioned"},
		{"local VNet busy with a subnet", testVNet, func(f *fx) azure.VirtualNetworkPeering {
			s := f.spoke("vnet-spoke", "10.30.0.0/16", nil)
			must[azure.Subnet](f.t)(f.nw.PutSubnet(f.ctx, testRG, testVNet, azure.Subnet{Name: "s", Prefix: netip.MustParsePrefix("10.10.2.0/24")}))
			return peer("p", s)
		}, 400, "ReferencedResourceNotProvisioned"},
		{"local VNet busy with another peering", testVNet, func(f *fx) azure.VirtualNetworkPeering {
			a := f.spoke("vnet-a", "10.30.0.0/16", nil)
			b := f.spoke("vnet-b", "10.31.0.0/16", nil)
			must[azure.VirtualNetworkPeering](f.t)(f.nw.PutVirtualNetworkPeering(f.ctx, testRG, testVNet, peer("to-a", a)))
			return peer("to-b", b)
		}, 400, "ReferencedResourceNotProvisioned"},
		{"local VNet busy deleting a peering", testVNet, func(f *fx) azure.VirtualNetworkPeering {
			a := f.spoke("vnet-a", "10.30.0.0/16", nil)
			b := f.spoke("vnet-b", "10.31.0.0/16", nil)
			f.w.AddVirtualNetworkPeering(VirtualNetworkPeering{ResourceGroup: testRG, VirtualNetwork: testVNet, Name: "to-a", RemoteVirtualNetworkID: a})
			noErr(f.t, f.nw.DeleteVirtualNetworkPeering(f.ctx, testRG, testVNet, "to-a"))
			return peer("to-b", b)
		}, 400, "ReferencedResourceNotProvisioned"},
		{"put while the peering is Updating", testVNet, func(f *fx) azure.VirtualNetworkPeering {
			s := f.spoke("vnet-spoke", "10.30.0.0/16", nil)
			must[azure.VirtualNetworkPeering](f.t)(f.nw.PutVirtualNetworkPeering(f.ctx, testRG, testVNet, peer("p", s)))
			return peer("p", s)
		}, 409, "AnotherOperationInProgress"},

		// gateway transit
		{"remote VNet without a gateway", "vnet-spoke", func(f *fx) azure.VirtualNetworkPeering {
			f.spoke("vnet-spoke", "10.30.0.0/16", nil)
			p := peer("p", f.vnetID())
			p.UseRemoteGateways = true
			return p
		}, 400, "RemoteVnetHasNoGateways"},
		{"remote gateway still being created", "vnet-spoke", func(f *fx) azure.VirtualNetworkPeering {
			f.spoke("vnet-spoke", "10.30.0.0/16", nil)
			must[azure.Gateway](f.t)(f.nw.PutGateway(f.ctx, testRG, f.gatewaySpec("gw", azure.SKUErGw1AZ, 0, f.pip("gw-pip").ID)))
			p := peer("p", f.vnetID())
			p.UseRemoteGateways = true
			return p
		}, 400, "RemoteVnetHasNoGateways"},
		{"both transit flags", "vnet-spoke", func(f *fx) azure.VirtualNetworkPeering {
			f.spoke("vnet-spoke", "10.30.0.0/16", nil)
			p := peer("p", hub2(f))
			p.UseRemoteGateways, p.AllowGatewayTransit = true, true
			return p
		}, 400, "AllowGatewayTransitAndUseRemoteGateways"},
		{"local VNet has its own gateway", testVNet, func(f *fx) azure.VirtualNetworkPeering {
			f.gateway(azure.SKUErGw1AZ, 0)
			p := peer("p", hub2(f))
			p.UseRemoteGateways = true
			return p
		}, 400, "LocalVnetHasGateway"},
		{"another peering already uses remote gateways", "vnet-spoke", func(f *fx) azure.VirtualNetworkPeering {
			f.spoke("vnet-spoke", "10.30.0.0/16", nil)
			h1 := f.hubGateway("vnet-hub1", "10.41.0.0/16", "10.41.255.0/27")
			f.w.AddVirtualNetworkPeering(VirtualNetworkPeering{ResourceGroup: testRG, VirtualNetwork: "vnet-spoke", Name: "to-hub1",
				RemoteVirtualNetworkID: h1, UseRemoteGateways: true})
			p := peer("to-hub2", hub2(f))
			p.UseRemoteGateways = true
			return p
		}, 400, "AnotherPeeringUsesRemoteGateways"},
		{"hub's side does not allow gateway transit", "vnet-spoke", func(f *fx) azure.VirtualNetworkPeering {
			s := f.spoke("vnet-spoke", "10.30.0.0/16", nil)
			h := hub2(f)
			f.w.AddVirtualNetworkPeering(VirtualNetworkPeering{ResourceGroup: testRG, VirtualNetwork: "vnet-hub2", Name: "to-spoke", RemoteVirtualNetworkID: s})
			p := peer("to-hub", h)
			p.UseRemoteGateways = true
			return p
		}, 400, "RemotePeeringDoesNotAllowGatewayTransit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				f := newFx(t)
				p := tt.act(f)
				before := map[string]azure.VirtualNetworkPeering{}
				if tt.status != http.StatusNotFound {
					before = f.peeringsByName(tt.vnet)
				}
				_, err := f.az.PutVirtualNetworkPeering(f.ctx, testRG, tt.vnet, p)
				wantAzureErr(t, err, tt.status, tt.code)
				if got := errors.Is(err, azure.ErrNotFound); got != (tt.status == http.StatusNotFound) {
					t.Errorf("errors.Is(err, azure.ErrNotFound) = %v", got)
				}
				if tt.status == http.StatusNotFound {
					return
				}
				if after := f.peeringsByName(tt.vnet); len(after) != len(before) || after[p.Name] != before[p.Name] {
					t.Errorf("the refused Put changed the peerings: %+v, were %+v", after, before)
				}
			})
		})
	}
}

// TestGatewayTransit: a hub with an ExpressRoute gateway and a spoke that
// uses it. With WithGatewayInUseByPeering the gateway cannot go while the
// spoke uses it; without it (the default: no vendor source says ARM refuses)
// it can.
func TestGatewayTransit(t *testing.T) {
	t.Run("by default the gateway goes", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			f := newFx(t)
			gw := f.gateway(azure.SKUErGw3AZ, 0)
			spokeID := f.spoke("vnet-spoke", "10.30.0.0/16", nil)
			hubSide := peer("hub-to-spoke", spokeID)
			hubSide.AllowGatewayTransit = true
			spokeSide := peer("spoke-to-hub", f.vnetID())
			spokeSide.UseRemoteGateways = true
			must[azure.VirtualNetworkPeering](t)(f.az.PutVirtualNetworkPeering(f.ctx, testRG, testVNet, hubSide))
			must[azure.VirtualNetworkPeering](t)(f.az.PutVirtualNetworkPeering(f.ctx, testRG, "vnet-spoke", spokeSide))
			noErr(t, f.az.DeleteGateway(f.ctx, testRG, gw.Name))
			if _, err := f.az.GetGateway(f.ctx, testRG, gw.Name); !errors.Is(err, azure.ErrNotFound) {
				t.Errorf("gateway after its delete: %v", err)
			}
		})
	})
	synctest.Test(t, func(t *testing.T) {
		f := newFx(t, instantReads(), WithGatewayInUseByPeering())
		gw := f.gateway(azure.SKUErGw3AZ, 0)
		spokeID := f.spoke("vnet-spoke", "10.30.0.0/16", nil)
		hubSide := peer("hub-to-spoke", spokeID)
		hubSide.AllowGatewayTransit, hubSide.AllowForwardedTraffic = true, true
		spokeSide := peer("spoke-to-hub", f.vnetID())
		spokeSide.UseRemoteGateways = true
		// The spoke's side first: accepted, Initiated.
		if p := must[azure.VirtualNetworkPeering](t)(f.az.PutVirtualNetworkPeering(f.ctx, testRG, "vnet-spoke", spokeSide)); p.PeeringState != azure.PeeringInitiated || !p.UseRemoteGateways {
			t.Errorf("spoke's side alone: %+v", p)
		}
		if p := must[azure.VirtualNetworkPeering](t)(f.az.PutVirtualNetworkPeering(f.ctx, testRG, testVNet, hubSide)); p.PeeringState != azure.PeeringConnected || !p.AllowGatewayTransit {
			t.Errorf("hub's side: %+v", p)
		}
		if s := f.peeringsByName("vnet-spoke")["spoke-to-hub"]; s.PeeringState != azure.PeeringConnected || !s.UseRemoteGateways || s.AllowGatewayTransit {
			t.Errorf("spoke's side: %+v", s)
		}

		err := f.az.DeleteGateway(f.ctx, testRG, gw.Name)
		wantAzureErr(t, err, http.StatusBadRequest, "GatewayInUseByPeering")
		if g := must[azure.Gateway](t)(f.az.GetGateway(f.ctx, testRG, gw.Name)); g.State != azure.Succeeded {
			t.Errorf("after the refused delete the gateway is %s", g.State)
		}
		spokeSide.UseRemoteGateways = false
		must[azure.VirtualNetworkPeering](t)(f.az.PutVirtualNetworkPeering(f.ctx, testRG, "vnet-spoke", spokeSide))
		noErr(t, f.az.DeleteGateway(f.ctx, testRG, gw.Name))
		if _, err := f.az.GetGateway(f.ctx, testRG, gw.Name); !errors.Is(err, azure.ErrNotFound) {
			t.Errorf("gateway after its delete: %v", err)
		}
	})
}

// TestVNetPeeringFaults: an injected AsyncFailure fails the peering's
// operation (ProvisioningState Failed, the reason through
// azureOperationError), an injected conflict changes nothing, and a context
// that ends during the operation returns while the operation goes on.
func TestVNetPeeringFaults(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFx(t)
		spokeID := f.spoke("vnet-spoke", "10.30.0.0/16", nil)
		p := peer("p", spokeID)
		id := vnetPeeringID(f.vnetID(), "p")

		f.w.InjectFault(Fault{Cloud: CloudAzure, Operation: "PutVirtualNetworkPeering", Count: 1, Kind: Conflict})
		_, err := f.az.PutVirtualNetworkPeering(f.ctx, testRG, testVNet, p)
		wantAzureErr(t, err, http.StatusConflict, "AnotherOperationInProgress")
		if _, err := f.w.azureResourceState(id); !errors.Is(err, azure.ErrNotFound) {
			t.Errorf("the injected conflict made a peering: %v", err)
		}

		f.w.InjectFault(Fault{Cloud: CloudAzure, Operation: "PutVirtualNetworkPeering", Count: 1, Kind: AsyncFailure})
		_, err = f.az.PutVirtualNetworkPeering(f.ctx, testRG, testVNet, p)
		var e *azure.Error
		if !errors.As(err, &e) || !e.OperationFailed {
			t.Fatalf("err = %v, want a failed operation", err)
		}
		if st, _ := f.w.azureResourceState(id); st != azure.Failed {
			t.Errorf("state %s, want Failed", st)
		}
		if !errors.As(f.w.azureOperationError(id), &e) || !e.OperationFailed {
			t.Errorf("azureOperationError = %v", f.w.azureOperationError(id))
		}
		must[azure.VirtualNetworkPeering](t)(f.az.PutVirtualNetworkPeering(f.ctx, testRG, testVNet, p))
		if err := f.w.azureOperationError(id); err != nil {
			t.Errorf("after a new Put: %v", err)
		}

		ctx, cancel := context.WithTimeout(f.ctx, f.lat.VNetPeering/2)
		defer cancel()
		err = f.az.DeleteVirtualNetworkPeering(ctx, testRG, testVNet, "p")
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("delete whose context ends first: %v", err)
		}
		if st, _ := f.w.azureResourceState(id); st != azure.Deleting {
			t.Errorf("after the context ended the peering is %s, want Deleting", st)
		}
		time.Sleep(f.lat.VNetPeering)
		if _, err := f.w.azureResourceState(id); !errors.Is(err, azure.ErrNotFound) {
			t.Errorf("the delete did not go on: %v", err)
		}
	})
}

// TestVNetPeeringSaveLoad: peerings, their states and an operation in
// progress survive Save and Load, and the loaded world links them as the
// original would.
func TestVNetPeeringSaveLoad(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFx(t)
		spokeID := f.spoke("vnet-spoke", "10.30.0.0/16", nil)
		must[azure.VirtualNetworkPeering](t)(f.az.PutVirtualNetworkPeering(f.ctx, testRG, testVNet, peer("hub-to-spoke", spokeID)))
		must[azure.VirtualNetworkPeering](t)(f.nw.PutVirtualNetworkPeering(f.ctx, testRG, "vnet-spoke", peer("spoke-to-hub", f.vnetID())))
		var buf bytes.Buffer
		noErr(t, f.w.Save(&buf))
		saved := buf.String()
		if !strings.Contains(saved, "VNetPeerings") {
			t.Fatalf("saved state has no peerings:\n%s", saved)
		}
		w2, err := Load(strings.NewReader(saved), instantReads())
		noErr(t, err)
		var buf2 bytes.Buffer
		noErr(t, w2.Save(&buf2))
		if buf2.String() != saved {
			t.Errorf("Save(Load(Save(w))) differs from Save(w)")
		}
		g := &fx{t: t, w: w2, az: w2.Azure(), nw: w2.azureNoWait(), ctx: f.ctx, lat: w2.Latency()}
		if got, want := g.peeringsByName(testVNet), f.peeringsByName(testVNet); len(got) != 1 || got["hub-to-spoke"] != want["hub-to-spoke"] {
			t.Errorf("loaded hub peerings %+v, want %+v", got, want)
		}
		if s := g.peeringsByName("vnet-spoke")["spoke-to-hub"]; s.State != azure.Updating || s.PeeringState != azure.PeeringConnected {
			t.Errorf("loaded spoke's side: %+v", s)
		}
		time.Sleep(g.lat.VNetPeering)
		if s := g.peeringsByName("vnet-spoke")["spoke-to-hub"]; s.State != azure.Succeeded {
			t.Errorf("the loaded operation did not end: %+v", s)
		}
		noErr(t, g.az.DeleteVirtualNetworkPeering(f.ctx, testRG, testVNet, "hub-to-spoke"))
		if s := g.peeringState("vnet-spoke", "spoke-to-hub"); s != azure.PeeringDisconnected {
			t.Errorf("in the loaded world the spoke's side is %s after the delete", s)
		}
		if s := f.peeringState("vnet-spoke", "spoke-to-hub"); s != azure.PeeringConnected {
			t.Errorf("the original world changed: %s", s)
		}
	})
}

// TestAddVirtualNetworkPeering: seeded sides link as Put links them, and a
// seed Azure would refuse panics.
func TestAddVirtualNetworkPeering(t *testing.T) {
	f := newFx(t, WithLatency(Latency{}))
	hub := f.hubGateway("vnet-hub", "10.50.0.0/16", "10.50.255.0/27")
	spokeID := f.spoke("vnet-spoke", "10.30.0.0/16", nil)
	a := f.w.AddVirtualNetworkPeering(VirtualNetworkPeering{ResourceGroup: testRG, VirtualNetwork: "vnet-hub", Name: "to-spoke",
		RemoteVirtualNetworkID: spokeID, AllowGatewayTransit: true})
	if a.PeeringState != azure.PeeringInitiated || a.State != azure.Succeeded || !a.AllowGatewayTransit {
		t.Errorf("first side = %+v", a)
	}
	b := f.w.AddVirtualNetworkPeering(VirtualNetworkPeering{ResourceGroup: testRG, VirtualNetwork: "vnet-spoke", Name: "to-hub",
		RemoteVirtualNetworkID: hub, UseRemoteGateways: true})
	if b.PeeringState != azure.PeeringConnected || f.peeringState("vnet-hub", "to-spoke") != azure.PeeringConnected {
		t.Errorf("second side = %+v, first %s", b, f.peeringState("vnet-hub", "to-spoke"))
	}
	for _, c := range f.w.Calls() {
		if c.Operation != "GetVirtualNetwork" { // peeringState's reads
			t.Errorf("seeding was logged: %+v", c)
		}
	}
	for _, tc := range []struct {
		name string
		p    VirtualNetworkPeering
		want string
	}{
		{"unknown VNet", VirtualNetworkPeering{ResourceGroup: testRG, VirtualNetwork: "nope", Name: "x", RemoteVirtualNetworkID: hub}, "seeded virtual network"},
		{"twice", VirtualNetworkPeering{ResourceGroup: testRG, VirtualNetwork: "vnet-hub", Name: "to-spoke", RemoteVirtualNetworkID: spokeID}, "seeded already"},
		{"refused", VirtualNetworkPeering{ResourceGroup: testRG, VirtualNetwork: testVNet, Name: "x", RemoteVirtualNetworkID: spokeID, UseRemoteGateways: true},
			"RemoteVnetHasNoGateways"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				r := recover()
				if s, _ := r.(string); !strings.Contains(s, tc.want) {
					t.Errorf("panic %v, want one naming %q", r, tc.want)
				}
			}()
			f.w.AddVirtualNetworkPeering(tc.p)
		})
	}
	ids := []string{}
	for _, p := range must[azure.VirtualNetwork](t)(f.az.GetVirtualNetwork(f.ctx, testRG, "vnet-hub")).Peerings {
		ids = append(ids, p.ID)
	}
	if !slices.Equal(ids, []string{vnetPeeringID(hub, "to-spoke")}) {
		t.Errorf("hub peerings %v", ids)
	}
}
