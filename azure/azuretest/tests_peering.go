package azuretest

import (
	"context"
	"errors"
	"net/http"
	"net/netip"
	"testing"
	"time"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/internal/simworld"
	"github.com/azoci/interconnect/sim"
)

// This file: virtual network peerings, hub and spoke. The environment's
// virtual network is the hub; the spokes (and a second hub) are seeded in
// the simulated world, next to it: Env names one virtual network only.

// Address spaces of the seeded virtual networks, beside the hub's
// 10.10.0.0/16.
var (
	spokeSpace   = netip.MustParsePrefix("10.30.0.0/16")
	spoke2Space  = netip.MustParsePrefix("10.31.0.0/16")
	hub2Space    = netip.MustParsePrefix("10.40.0.0/16")
	hub2GWPrefix = netip.MustParsePrefix("10.40.255.0/27")
)

// seedVNet seeds a virtual network named f.name(base) in the environment's
// resource group and region, and returns its ID.
func (f *fixture) seedVNet(base string, space netip.Prefix, subnets map[string]netip.Prefix) string {
	f.w.AddVirtualNetwork(sim.VirtualNetwork{SubscriptionID: f.env.Subscription, ResourceGroup: f.env.ResourceGroup, Name: f.name(base),
		Region: f.env.Region, AddressSpace: []netip.Prefix{space}, Subnets: subnets})
	return f.id("virtualNetworks", f.name(base))
}

// seedHub seeds a virtual network with a Succeeded ExpressRoute gateway in
// its GatewaySubnet, and returns the virtual network's ID.
func (f *fixture) seedHub(base string, space, gw netip.Prefix) string {
	id := f.seedVNet(base, space, map[string]netip.Prefix{azure.GatewaySubnetName: gw})
	f.w.AddGateway(sim.Gateway{SubscriptionID: f.env.Subscription, ResourceGroup: f.env.ResourceGroup, Name: f.name(base + "-gw"),
		VirtualNetwork: f.name(base), SKU: azure.SKUErGw1AZ})
	return id
}

// vnetPeering is one side of a peering named f.name(base), allowing
// virtual network access.
func (f *fixture) vnetPeering(base, remoteID string) azure.VirtualNetworkPeering {
	return azure.VirtualNetworkPeering{Name: f.name(base), RemoteVirtualNetworkID: remoteID, AllowVirtualNetworkAccess: true}
}

// peeringOf reads the peering named name of virtual network vnet through
// GetVirtualNetwork; ok is false when the virtual network lists none.
func (f *fixture) peeringOf(t *testing.T, vnet, name string) (azure.VirtualNetworkPeering, bool) {
	t.Helper()
	for _, p := range must[azure.VirtualNetwork](t)(f.n.GetVirtualNetwork(f.ctx, f.env.ResourceGroup, vnet)).Peerings {
		if p.Name == name {
			return p, true
		}
	}
	return azure.VirtualNetworkPeering{}, false
}

// wantPeeringState asserts the state of a peering as its virtual network
// lists it.
func (f *fixture) wantPeeringState(t *testing.T, vnet, name string, want azure.PeeringState) {
	t.Helper()
	p, ok := f.peeringOf(t, vnet, name)
	switch {
	case !ok:
		t.Errorf("virtual network %s lists no peering %s, want one %s", vnet, name, want)
	case p.PeeringState != want || p.State != azure.Succeeded:
		t.Errorf("peering %s of %s is %s (%s), want %s (Succeeded)", name, vnet, p.PeeringState, p.State, want)
	}
}

// testVNetPeeringInitiated: one side only is Initiated, read back field for
// field, from the Put and from its virtual network; the remote virtual
// network lists nothing.
func testVNetPeeringInitiated(f *fixture) {
	t, rg := f.t, f.env.ResourceGroup
	spokeID := f.seedVNet("vnet-spoke", spokeSpace, nil)
	in := f.vnetPeering("hub-to-spoke", spokeID)
	in.AllowForwardedTraffic = true
	got := must[azure.VirtualNetworkPeering](t)(f.n.PutVirtualNetworkPeering(f.ctx, rg, f.env.VirtualNetwork, in))
	want := in
	want.ID, want.PeeringState, want.State = f.vnetID()+"/virtualNetworkPeerings/"+in.Name, azure.PeeringInitiated, azure.Succeeded
	if !sameID(got.ID, want.ID) || !sameID(got.RemoteVirtualNetworkID, spokeID) {
		t.Errorf("PutVirtualNetworkPeering = %+v, want %+v", got, want)
	}
	got.ID, got.RemoteVirtualNetworkID = want.ID, want.RemoteVirtualNetworkID
	if got != want {
		t.Errorf("PutVirtualNetworkPeering = %+v, want %+v", got, want)
	}
	listed, ok := f.peeringOf(t, f.env.VirtualNetwork, in.Name)
	listed.ID, listed.RemoteVirtualNetworkID = want.ID, want.RemoteVirtualNetworkID
	if !ok || listed != want {
		t.Errorf("GetVirtualNetwork lists %+v (%v), want %+v", listed, ok, want)
	}
	if v := must[azure.VirtualNetwork](t)(f.n.GetVirtualNetwork(f.ctx, rg, f.name("vnet-spoke"))); len(v.Peerings) != 0 {
		t.Errorf("the remote virtual network lists %+v", v.Peerings)
	}
}

// testVNetPeeringConnected: with both sides, both are Connected; an update
// of one side replaces its flags and keeps both Connected.
func testVNetPeeringConnected(f *fixture) {
	t, rg, hub := f.t, f.env.ResourceGroup, f.env.VirtualNetwork
	spoke := f.name("vnet-spoke")
	spokeID := f.seedVNet("vnet-spoke", spokeSpace, nil)
	hubSide, spokeSide := f.vnetPeering("hub-to-spoke", spokeID), f.vnetPeering("spoke-to-hub", f.vnetID())
	must[azure.VirtualNetworkPeering](t)(f.n.PutVirtualNetworkPeering(f.ctx, rg, hub, hubSide))
	back := must[azure.VirtualNetworkPeering](t)(f.n.PutVirtualNetworkPeering(f.ctx, rg, spoke, spokeSide))
	if back.PeeringState != azure.PeeringConnected {
		t.Errorf("the second side is %s, want Connected", back.PeeringState)
	}
	f.wantPeeringState(t, hub, hubSide.Name, azure.PeeringConnected)
	f.wantPeeringState(t, spoke, spokeSide.Name, azure.PeeringConnected)

	hubSide.AllowVirtualNetworkAccess, hubSide.AllowForwardedTraffic = false, true
	up := must[azure.VirtualNetworkPeering](t)(f.n.PutVirtualNetworkPeering(f.ctx, rg, hub, hubSide))
	if up.AllowVirtualNetworkAccess || !up.AllowForwardedTraffic || up.PeeringState != azure.PeeringConnected {
		t.Errorf("after the update: %+v", up)
	}
	if p, _ := f.peeringOf(t, hub, hubSide.Name); p.AllowVirtualNetworkAccess || !p.AllowForwardedTraffic {
		t.Errorf("GetVirtualNetwork after the update: %+v", p)
	}
	f.wantPeeringState(t, spoke, spokeSide.Name, azure.PeeringConnected)
}

// testVNetPeeringDisconnected: deleting one side leaves the other
// Disconnected; re-creating the deleted side is refused until the
// Disconnected side is updated (Initiated again); then both are Connected.
func testVNetPeeringDisconnected(f *fixture) {
	t, rg, hub := f.t, f.env.ResourceGroup, f.env.VirtualNetwork
	spoke := f.name("vnet-spoke")
	spokeID := f.seedVNet("vnet-spoke", spokeSpace, nil)
	hubSide, spokeSide := f.vnetPeering("hub-to-spoke", spokeID), f.vnetPeering("spoke-to-hub", f.vnetID())
	must[azure.VirtualNetworkPeering](t)(f.n.PutVirtualNetworkPeering(f.ctx, rg, hub, hubSide))
	must[azure.VirtualNetworkPeering](t)(f.n.PutVirtualNetworkPeering(f.ctx, rg, spoke, spokeSide))

	noErr(t, f.n.DeleteVirtualNetworkPeering(f.ctx, rg, hub, hubSide.Name))
	if p, ok := f.peeringOf(t, hub, hubSide.Name); ok {
		t.Errorf("the deleted side is still listed: %+v", p)
	}
	f.wantPeeringState(t, spoke, spokeSide.Name, azure.PeeringDisconnected)

	_, err := f.n.PutVirtualNetworkPeering(f.ctx, rg, hub, hubSide)
	wantErr(t, err, http.StatusBadRequest, "RemotePeeringIsDisconnected")
	if p, ok := f.peeringOf(t, hub, hubSide.Name); ok {
		t.Errorf("the refused Put made a peering: %+v", p)
	}
	if p := must[azure.VirtualNetworkPeering](t)(f.n.PutVirtualNetworkPeering(f.ctx, rg, spoke, spokeSide)); p.PeeringState != azure.PeeringInitiated {
		t.Errorf("updating the Disconnected side: %s, want Initiated", p.PeeringState)
	}
	if p := must[azure.VirtualNetworkPeering](t)(f.n.PutVirtualNetworkPeering(f.ctx, rg, hub, hubSide)); p.PeeringState != azure.PeeringConnected {
		t.Errorf("re-creating the deleted side: %s, want Connected", p.PeeringState)
	}
	f.wantPeeringState(t, spoke, spokeSide.Name, azure.PeeringConnected)
}

// testVNetPeeringGatewayTransit: the hub's side allows gateway transit, the
// spoke's uses the hub's ExpressRoute gateway; both are Connected with their
// flags. Once the spoke stops using it, the gateway can be deleted. What ARM
// answers while the spoke still uses it is not documented, so the suite does
// not ask (package sim refuses it only with WithGatewayInUseByPeering).
func testVNetPeeringGatewayTransit(f *fixture) {
	t, rg, hub := f.t, f.env.ResourceGroup, f.env.VirtualNetwork
	spoke := f.name("vnet-spoke")
	gw := f.gateway(azure.SKUErGw1AZ, 0)
	spokeID := f.seedVNet("vnet-spoke", spokeSpace, nil)
	hubSide, spokeSide := f.vnetPeering("hub-to-spoke", spokeID), f.vnetPeering("spoke-to-hub", f.vnetID())
	hubSide.AllowGatewayTransit, hubSide.AllowForwardedTraffic = true, true
	spokeSide.UseRemoteGateways = true
	if p := must[azure.VirtualNetworkPeering](t)(f.n.PutVirtualNetworkPeering(f.ctx, rg, hub, hubSide)); !p.AllowGatewayTransit || p.UseRemoteGateways {
		t.Errorf("hub's side: %+v", p)
	}
	if p := must[azure.VirtualNetworkPeering](t)(f.n.PutVirtualNetworkPeering(f.ctx, rg, spoke, spokeSide)); !p.UseRemoteGateways || p.AllowGatewayTransit ||
		p.PeeringState != azure.PeeringConnected {
		t.Errorf("spoke's side: %+v", p)
	}
	f.wantPeeringState(t, hub, hubSide.Name, azure.PeeringConnected)

	spokeSide.UseRemoteGateways = false
	must[azure.VirtualNetworkPeering](t)(f.n.PutVirtualNetworkPeering(f.ctx, rg, spoke, spokeSide))
	noErr(t, f.n.DeleteGateway(f.ctx, rg, gw.Name))
}

// testVNetPeeringRules: each refusal is a 400 with Azure's code (or the
// simulator's, where Azure publishes none; see package sim) and creates
// nothing.
func testVNetPeeringRules(f *fixture) {
	rg, hub := f.env.ResourceGroup, f.env.VirtualNetwork
	spoke := f.name("vnet-spoke")
	spokeID := f.seedVNet("vnet-spoke", spokeSpace, nil)
	hub2ID := f.seedHub("vnet-hub2", hub2Space, hub2GWPrefix)
	useRemote := func(p azure.VirtualNetworkPeering) azure.VirtualNetworkPeering { p.UseRemoteGateways = true; return p }
	// ensure puts a side of a peering unless its virtual network lists it.
	ensure := func(vnet string, p azure.VirtualNetworkPeering) {
		if _, ok := f.peeringOf(f.t, vnet, p.Name); !ok {
			must[azure.VirtualNetworkPeering](f.t)(f.n.PutVirtualNetworkPeering(f.ctx, rg, vnet, p))
		}
	}
	tests := []struct {
		name  string
		setup func()
		vnet  string // where the refused side is put
		in    azure.VirtualNetworkPeering
		code  string
	}{
		{name: "remote virtual network not found", vnet: hub, in: f.vnetPeering("p", f.id("virtualNetworks", f.name("vnet-nope"))),
			code: "InvalidGlobalResourceReference"},
		{name: "address spaces overlap", vnet: hub,
			setup: func() { f.seedVNet("vnet-overlap", netip.MustParsePrefix("10.10.128.0/17"), nil) },
			in:    f.vnetPeering("p", f.id("virtualNetworks", f.name("vnet-overlap"))), code: "VnetAddressSpacesOverlap"},
		{name: "remote virtual network without a gateway", vnet: spoke, in: useRemote(f.vnetPeering("p", f.vnetID())),
			code: "RemoteVnetHasNoGateways"},
		{name: "both transit flags", vnet: spoke,
			in: func() azure.VirtualNetworkPeering {
				p := useRemote(f.vnetPeering("p", hub2ID))
				p.AllowGatewayTransit = true
				return p
			}(), code: "AllowGatewayTransitAndUseRemoteGateways"},
		{name: "the local virtual network has a gateway of its own", vnet: f.name("vnet-hub3"),
			setup: func() {
				f.seedHub("vnet-hub3", netip.MustParsePrefix("10.41.0.0/16"), netip.MustParsePrefix("10.41.255.0/27"))
			},
			in: useRemote(f.vnetPeering("p", hub2ID)), code: "LocalVnetHasGateway"},
		{name: "a spoke already using remote gateways through another peering", vnet: spoke,
			setup: func() {
				h4 := f.seedHub("vnet-hub4", netip.MustParsePrefix("10.42.0.0/16"), netip.MustParsePrefix("10.42.255.0/27"))
				must[azure.VirtualNetworkPeering](f.t)(f.n.PutVirtualNetworkPeering(f.ctx, rg, spoke, useRemote(f.vnetPeering("to-hub4", h4))))
			},
			in: useRemote(f.vnetPeering("to-hub2", hub2ID)), code: "AnotherPeeringUsesRemoteGateways"},
		{name: "the hub's side does not allow gateway transit", vnet: f.name("vnet-spoke2"),
			setup: func() {
				s2 := f.seedVNet("vnet-spoke2", spoke2Space, nil)
				must[azure.VirtualNetworkPeering](f.t)(f.n.PutVirtualNetworkPeering(f.ctx, rg, f.name("vnet-hub2"), f.vnetPeering("to-spoke2", s2)))
			},
			in: useRemote(f.vnetPeering("to-hub2", hub2ID)), code: "RemotePeeringDoesNotAllowGatewayTransit"},
		{name: "a second peering to the same remote virtual network", vnet: hub,
			setup: func() { ensure(hub, f.vnetPeering("first", spokeID)) },
			in:    f.vnetPeering("second", spokeID), code: "AnotherPeeringAlreadyReferencesRemoteVnet"},
		{name: "changing the remote virtual network", vnet: hub,
			setup: func() {
				f.seedVNet("vnet-spoke3", netip.MustParsePrefix("10.32.0.0/16"), nil)
				ensure(hub, f.vnetPeering("to-hub2", hub2ID))
			},
			in: f.vnetPeering("to-hub2", f.id("virtualNetworks", f.name("vnet-spoke3"))), code: "ChangingRemoteVirtualNetworkNotAllowed"},
		{name: "overlapping a virtual network already peered with the remote one", vnet: f.name("vnet-spoke-twin"),
			setup: func() {
				f.seedVNet("vnet-spoke-twin", netip.MustParsePrefix("10.30.0.0/17"), nil)
				ensure(hub, f.vnetPeering("first", spokeID))
			},
			in: f.vnetPeering("p", f.vnetID()), code: "VnetAddressSpaceOverlapsWithAlreadyPeeredVnet"},
	}
	for _, tc := range tests {
		f.t.Run(tc.name, func(t *testing.T) {
			if tc.setup != nil {
				tc.setup()
			}
			before, existed := f.peeringOf(t, tc.vnet, tc.in.Name)
			_, err := f.n.PutVirtualNetworkPeering(f.ctx, rg, tc.vnet, tc.in)
			wantErr(t, err, http.StatusBadRequest, tc.code)
			if after, exists := f.peeringOf(t, tc.vnet, tc.in.Name); exists != existed || after != before {
				t.Errorf("the refused Put changed peering %s: %+v (%v), was %+v (%v)", tc.in.Name, after, exists, before, existed)
			}
		})
	}
}

// testVNetPeeringDeleteMissing: as for the other resources, deleting a
// peering that does not exist succeeds (ARM answers 204); a virtual network
// that does not exist is an error matching azure.ErrNotFound, for a Put as
// for a Delete. It creates nothing.
func testVNetPeeringDeleteMissing(f *fixture) {
	t, rg := f.t, f.env.ResourceGroup
	noErr(t, f.n.DeleteVirtualNetworkPeering(f.ctx, rg, f.env.VirtualNetwork, f.name("nope")))
	err := f.n.DeleteVirtualNetworkPeering(f.ctx, rg, f.name("vnet-nope"), f.name("nope"))
	if !errors.Is(err, azure.ErrNotFound) {
		t.Errorf("delete on a missing virtual network: %v, want one matching azure.ErrNotFound", err)
	}
	_, err = f.n.PutVirtualNetworkPeering(f.ctx, rg, f.name("vnet-nope"), f.vnetPeering("nope", f.vnetID()))
	if !errors.Is(err, azure.ErrNotFound) {
		t.Errorf("put on a missing virtual network: %v, want one matching azure.ErrNotFound", err)
	}
}

// testVNetPeeringContext: a context that has ended makes a Put fail with
// its error before anything is created; one that ends while the operation
// runs makes the Put return its error while the operation goes on (the
// peering is then listed Updating).
func testVNetPeeringContext(f *fixture) {
	t, rg, hub := f.t, f.env.ResourceGroup, f.env.VirtualNetwork
	spokeID := f.seedVNet("vnet-spoke", spokeSpace, nil)
	in := f.vnetPeering("hub-to-spoke", spokeID)

	ended, cancel := context.WithCancel(f.ctx)
	cancel()
	if _, err := f.n.PutVirtualNetworkPeering(ended, rg, hub, in); !errors.Is(err, context.Canceled) {
		t.Errorf("Put with an ended context: %v, want context.Canceled", err)
	}
	if p, ok := f.peeringOf(t, hub, in.Name); ok {
		t.Errorf("a Put with an ended context made %+v", p)
	}

	ctx, cancel := context.WithCancel(f.ctx)
	defer cancel()
	id := f.vnetID() + "/virtualNetworkPeerings/" + in.Name
	go func() { // end the context once ARM has accepted the operation
		defer cancel()
		for ctx.Err() == nil {
			if st, _ := simworld.Of(f.w).AzureResourceState(id); st == azure.Updating {
				return
			}
			time.Sleep(time.Millisecond)
		}
	}()
	if _, err := f.n.PutVirtualNetworkPeering(ctx, rg, hub, in); !errors.Is(err, context.Canceled) {
		t.Fatalf("Put whose context ends during the operation: %v, want context.Canceled", err)
	}
	if p, ok := f.peeringOf(t, hub, in.Name); !ok || p.State != azure.Updating || p.PeeringState != azure.PeeringInitiated {
		t.Errorf("after the context ended the hub lists %+v (%v), want it Updating (the operation goes on)", p, ok)
	}
}

// testVNetPeeringOperationFailed: a peering operation that ARM accepted
// and that then fails is an *azure.Error with OperationFailed, for a Put as
// for a Delete; the peering is left Failed, and putting it again repairs it.
func testVNetPeeringOperationFailed(f *fixture) {
	t, rg, hub := f.t, f.env.ResourceGroup, f.env.VirtualNetwork
	in := f.vnetPeering("hub-to-spoke", f.seedVNet("vnet-spoke", spokeSpace, nil))
	for _, op := range []string{"PutVirtualNetworkPeering", "DeleteVirtualNetworkPeering"} {
		f.w.InjectFault(sim.Fault{Cloud: sim.CloudAzure, Operation: op, Count: 1, Kind: sim.AsyncFailure})
	}
	_, err := f.n.PutVirtualNetworkPeering(f.ctx, rg, hub, in)
	if e := wantErr(t, err, http.StatusInternalServerError, "InternalServerError"); !e.OperationFailed || !e.Retryable() {
		t.Errorf("err = %#v, want a retryable failed operation", e)
	}
	if p, _ := f.peeringOf(t, hub, in.Name); p.State != azure.Failed {
		t.Errorf("after the failed operation the peering is %s, want Failed", p.State)
	}
	if p := must[azure.VirtualNetworkPeering](t)(f.n.PutVirtualNetworkPeering(f.ctx, rg, hub, in)); p.State != azure.Succeeded {
		t.Errorf("putting it again: %s, want Succeeded", p.State)
	}
	err = f.n.DeleteVirtualNetworkPeering(f.ctx, rg, hub, in.Name)
	if e := wantErr(t, err, http.StatusInternalServerError, "InternalServerError"); !e.OperationFailed {
		t.Errorf("err = %#v, want a failed operation", e)
	}
	noErr(t, f.n.DeleteVirtualNetworkPeering(f.ctx, rg, hub, in.Name))
	if p, ok := f.peeringOf(t, hub, in.Name); ok {
		t.Errorf("after the delete the hub lists %+v", p)
	}
}
