package sim

import (
	"context"
	"net/netip"
	"slices"
	"strings"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/internal/httpstatus"
)

// This file: virtual network peerings (hub and spoke with gateway transit).
//
// A peering is one side, held by its local virtual network and pointing at a
// remote one. Both sides are Connected once each virtual network holds a
// peering to the other, Initiated while only one does, and the surviving side
// turns Disconnected when the other is deleted (Microsoft, "Create, change,
// or delete a virtual network peering": "Initiated", "Connected"; deleting
// one side leaves the other "Disconnected").
//
// The refusals follow what ARM answers. Where Microsoft publishes no error
// code and none could be found in ARM answers quoted in public issues, the
// simulator names the code itself; each such code is marked "code named by
// the simulator" below and listed in the package documentation.

// vnetPeeringID is the ARM ID of a peering of a virtual network.
func vnetPeeringID(vnetID, name string) string { return vnetID + "/virtualNetworkPeerings/" + name }

func (p *vnetPeeringRec) view() azure.VirtualNetworkPeering {
	return azure.VirtualNetworkPeering{ID: p.ID, Name: p.Name, RemoteVirtualNetworkID: p.Remote,
		AllowVirtualNetworkAccess: p.AllowVirtualNetworkAccess, AllowForwardedTraffic: p.AllowForwardedTraffic,
		AllowGatewayTransit: p.AllowGatewayTransit, UseRemoteGateways: p.UseRemoteGateways,
		PeeringState: p.PeeringState, State: p.State}
}

// peeringsOf lists a virtual network's peerings sorted by name (mu held).
func (w *World) peeringsOf(vnetKey string) []*vnetPeeringRec {
	var out []*vnetPeeringRec
	for _, p := range w.st.VNetPeerings {
		if p.VNet == vnetKey {
			out = append(out, p)
		}
	}
	slices.SortFunc(out, func(a, b *vnetPeeringRec) int { return strings.Compare(key(a.Name), key(b.Name)) })
	return out
}

// counterpart is the peering the remote virtual network of p holds back to
// p's virtual network, or nil (mu held). There is at most one: a virtual
// network holds one peering per remote virtual network.
func (w *World) counterpart(p *vnetPeeringRec) *vnetPeeringRec {
	for _, q := range w.peeringsOf(key(p.Remote)) {
		if key(q.Remote) == p.VNet {
			return q
		}
	}
	return nil
}

// gatewayOf is the virtual network gateway in a virtual network's
// GatewaySubnet, or nil (mu held).
func (w *World) gatewayOf(vnetKey string) *gatewayRec {
	for _, g := range w.sortedGateways() {
		if s := w.st.Subnets[key(g.Subnet)]; s != nil && s.VNet == vnetKey {
			return g
		}
	}
	return nil
}

// vnetBusy reports whether an operation holds a subnet or a peering of a
// virtual network, and names that operation as ARM does (mu held). ARM then
// counts the virtual network itself as Updating.
func (w *World) vnetBusy(vnetKey string) (operation string, busy bool) {
	for _, s := range w.subnetsOf(vnetKey) {
		if s.busy() {
			return "PutSubnetOperation", true
		}
	}
	for _, p := range w.peeringsOf(vnetKey) {
		if p.busy() {
			return "PutVirtualNetworkPeeringOperation", true
		}
	}
	return "", false
}

// overlaps lists the prefixes of a that overlap one of b.
func overlaps(a, b []netip.Prefix) []string {
	var out []string
	for _, p := range a {
		if slices.ContainsFunc(b, p.Overlaps) {
			out = append(out, p.String())
		}
	}
	return out
}

// PutVirtualNetworkPeering creates or updates one side of a peering, after
// the checks of checkVNetPeering. The new side is Connected (and so is the
// remote side) when the remote virtual network holds a peering back,
// Initiated otherwise; updating a Disconnected side makes it Initiated again
// (ARM's RemotePeeringIsDisconnected message: "Update or re-create the remote
// peering to get it back to Initiated state").
func (f *azureFace) PutVirtualNetworkPeering(ctx context.Context, rg, vnet string, in azure.VirtualNetworkPeering) (azure.VirtualNetworkPeering, error) {
	w := f.w
	var rec *vnetPeeringRec
	return azurePut(f, ctx, "PutVirtualNetworkPeering", func() string { return vnetPeeringID(w.id(rg, typeVirtualNetworks, vnet), in.Name) },
		func() (armResource, error) {
			v, err := w.findVNet(rg, vnet)
			if err != nil {
				return nil, err
			}
			id := vnetPeeringID(v.ID, in.Name)
			old := w.st.VNetPeerings[key(id)]
			if err := w.putChecks(in.Name, "", false, nilIfNone(old), ""); err != nil {
				return nil, err
			}
			if err := w.checkVNetPeering(v, id, in, old); err != nil {
				return nil, err
			}
			if old == nil {
				old = &vnetPeeringRec{ID: id, VNet: key(v.ID), Name: in.Name, Remote: in.RemoteVirtualNetworkID}
				w.st.VNetPeerings[key(id)] = old
			}
			rec = old
			rec.AllowVirtualNetworkAccess, rec.AllowForwardedTraffic = in.AllowVirtualNetworkAccess, in.AllowForwardedTraffic
			rec.AllowGatewayTransit, rec.UseRemoteGateways = in.AllowGatewayTransit, in.UseRemoteGateways
			rec.PeeringState = azure.PeeringInitiated
			if back := w.counterpart(rec); back != nil {
				rec.PeeringState, back.PeeringState = azure.PeeringConnected, azure.PeeringConnected
			}
			w.startOp(&rec.armState, opPut, kindVNetPeering, rec.ID, w.lat.VNetPeering)
			return rec, nil
		},
		func() azure.VirtualNetworkPeering { return rec.view() })
}

// checkVNetPeering enforces ARM's rules on one side of a peering (mu held):
// v is the local virtual network, id the peering's ID, old the peering as it
// is (nil when new).
func (w *World) checkVNetPeering(v *vnetRec, id string, in azure.VirtualNetworkPeering, old *vnetPeeringRec) error {
	remoteID := in.RemoteVirtualNetworkID
	switch {
	case remoteID == "":
		// Code named by the simulator: a PUT without remoteVirtualNetwork.
		return w.azBadRequest("InvalidRequestFormat", "Peering %s has no remote virtual network.", id)
	case in.AllowGatewayTransit && in.UseRemoteGateways:
		// Code named by the simulator. The swagger's useRemoteGateways:
		// "If the flag is set to true, and allowGatewayTransit on remote
		// peering is also true, virtual network will use gateways of remote
		// virtual network for transit"; the two flags are the two ends of
		// one transit and never both set on one side.
		return w.azBadRequest("AllowGatewayTransitAndUseRemoteGateways",
			"Peering %s cannot have both AllowGatewayTransit and UseRemoteGateways flags set to true.", id)
	case old != nil && !equalFold(old.Remote, remoteID):
		// ARM: 400 ChangingRemoteVirtualNetworkNotAllowed (quoted in public
		// Terraform configurations that replace a peering on such a change).
		return w.azBadRequest("ChangingRemoteVirtualNetworkNotAllowed",
			"Peering %s cannot change its remote virtual network from %s to %s.", id, old.Remote, remoteID)
	}
	remote := w.st.VirtualNetworks[key(remoteID)]
	if remote == nil {
		// ARM: 400 InvalidGlobalResourceReference (a peering's remote virtual
		// network may be in another region or subscription), message as in
		// FreddyAyala/AzureAIServicesLandingZone#2.
		return w.azBadRequest("InvalidGlobalResourceReference",
			"Resource %s referenced by resource %s was not found. Please make sure that the referenced resource exists.", remoteID, id)
	}
	for _, p := range w.peeringsOf(key(v.ID)) {
		if key(p.ID) != key(id) && key(p.Remote) == key(remote.ID) {
			// ARM: 400 AnotherPeeringAlreadyReferencesRemoteVnet (the codes
			// kyma-project/cloud-manager handles: "Peering already
			// references remote virtual network. Cannot add another peering
			// referencing the same remote virtual network.").
			return w.azBadRequest("AnotherPeeringAlreadyReferencesRemoteVnet",
				"Peering %s already references remote virtual network %s. Cannot add another peering %s referencing the same remote virtual network.",
				p.ID, remote.ID, id)
		}
	}
	if err := w.checkPeeringSpaces(v, remote, id); err != nil {
		return err
	}
	back := w.counterpart(&vnetPeeringRec{VNet: key(v.ID), Remote: remote.ID})
	if back != nil && back.PeeringState == azure.PeeringDisconnected {
		// ARM: 400 RemotePeeringIsDisconnected, message as quoted in
		// hashicorp/terraform-provider-azurerm#14051.
		return w.azBadRequest("RemotePeeringIsDisconnected",
			"Cannot create or update peering %s because remote peering %s referencing parent virtual network %s is in Disconnected state. "+
				"Update or re-create the remote peering to get it back to Initiated state. "+
				"Peering gets Disconnected when remote vnet or remote peering is deleted and re-created.", id, back.ID, v.ID)
	}
	if op, busy := w.vnetBusy(key(remote.ID)); busy {
		// ARM: 400 ReferencedResourceNotProvisioned while the remote virtual
		// network is Updating (a subnet or another peering being put), as in
		// Azure-Samples/azuresandbox#267; terraform-provider-azurerm retries
		// it ("this may be the case if the Vnet was just created or another
		// peering was just initiated").
		return w.azBadRequest("ReferencedResourceNotProvisioned",
			"Cannot proceed with operation because resource %s used by resource %s is not in Succeeded state. "+
				"Resource is in Updating state and the last operation that updated/is updating the resource is %s.", remote.ID, id, op)
	}
	if in.UseRemoteGateways {
		return w.checkUseRemoteGateways(v, remote, id, back)
	}
	return nil
}

// checkPeeringSpaces refuses address spaces that overlap: those of the two
// virtual networks, and those of either with a virtual network already
// peered with the other (mu held).
func (w *World) checkPeeringSpaces(v, remote *vnetRec, id string) error {
	if o := overlaps(v.AddressSpace, remote.AddressSpace); len(o) > 0 {
		// ARM: 400 VnetAddressSpacesOverlap, message as in `az network vnet
		// peering create` output quoted by Simon Painter, "Azure Subnet
		// Peering Part 2" (2025); the code is also among those
		// kyma-project/cloud-manager handles.
		return w.azBadRequest("VnetAddressSpacesOverlap",
			"Cannot create or update peering %s. Virtual networks %s and %s cannot be peered because their address spaces overlap. Overlapping address prefixes: %s",
			id, v.ID, remote.ID, strings.Join(o, ", "))
	}
	for _, pair := range [][2]*vnetRec{{v, remote}, {remote, v}} {
		first, second := pair[0], pair[1]
		for _, q := range w.peeringsOf(key(second.ID)) {
			third := w.st.VirtualNetworks[key(q.Remote)]
			if third == nil || key(third.ID) == key(first.ID) {
				continue
			}
			if o := overlaps(first.AddressSpace, third.AddressSpace); len(o) > 0 {
				// ARM: 400 VnetAddressSpaceOverlapsWithAlreadyPeeredVnet,
				// message as in Azure/ResourceModules#731 and
				// microsoft/AzureTRE#4641 (two spokes of one hub).
				return w.azBadRequest("VnetAddressSpaceOverlapsWithAlreadyPeeredVnet",
					"Cannot create or update peering %s. Virtual networks %s and %s cannot be peered because address space of %s overlaps with address space of virtual network %s already peered with %s. Overlapping address prefixes: %s. For more information please refer to https://aka.ms/VnetPeeringInfo",
					id, v.ID, remote.ID, first.ID, third.ID, second.ID, strings.Join(o, ", "))
			}
		}
	}
	return nil
}

// checkUseRemoteGateways enforces the rules of a spoke's side, whose traffic
// goes through the remote (hub) virtual network's gateway (mu held). back is
// the hub's side, nil while it does not exist.
func (w *World) checkUseRemoteGateways(v, remote *vnetRec, id string, back *vnetPeeringRec) error {
	if g := w.gatewayOf(key(remote.ID)); g == nil || g.State != azure.Succeeded {
		// ARM: 400 RemoteVnetHasNoGateways, message as in
		// hashicorp/terraform#30569 and Azure/azure-quickstart-templates#7730.
		// A gateway still being created does not count: ARM verifies "the
		// provisioning state of the remote gateway" (the swagger's
		// doNotVerifyRemoteGateways, which Azure/bicep#12191 finds has no
		// effect), and public Terraform/OpenTofu configurations retry this
		// code until the hub's gateway has reached Succeeded.
		return w.azBadRequest("RemoteVnetHasNoGateways",
			"Peering %s cannot have UseRemoteGateway flag set to true because remote virtual network %s referenced by the peering does not have any gateways.",
			id, remote.ID)
	}
	if g := w.gatewayOf(key(v.ID)); g != nil {
		// Code named by the simulator. Microsoft ("Create, change, or delete
		// a virtual network peering"; the swagger's useRemoteGateways): "This
		// flag cannot be set if virtual network already has a gateway."
		return w.azBadRequest("LocalVnetHasGateway",
			"Peering %s cannot have UseRemoteGateways flag set to true because virtual network %s already has gateway %s.", id, v.ID, g.ID)
	}
	for _, p := range w.peeringsOf(key(v.ID)) {
		if key(p.ID) != key(id) && p.UseRemoteGateways {
			// Code named by the simulator; message as quoted on Michelin's
			// engineering blog ("Azure ExpressRoute and VPN Gateways
			// coexisting"). The swagger: "Only one peering can have this flag
			// set to true."
			return w.azBadRequest("AnotherPeeringUsesRemoteGateways",
				"Peering %s cannot have UseRemoteGateways flag set to true, because another peering %s already has UseRemoteGateways flag set to true.",
				id, p.ID)
		}
	}
	if back != nil && !back.AllowGatewayTransit {
		// Code named by the simulator; message as quoted in
		// hashicorp/terraform#20298. ARM checks the hub's side when it
		// exists; a spoke's side put first is accepted (Initiated).
		return w.azBadRequest("RemotePeeringDoesNotAllowGatewayTransit",
			"Peering %s cannot have UseRemoteGateways flag set to true, because corresponding remote peering %s has AllowGatewayTransit flag set to false.",
			id, back.ID)
	}
	return nil
}

// DeleteVirtualNetworkPeering deletes one side of a peering; when it is
// gone, the remote side turns Disconnected. A missing peering is not an
// error (ARM answers 204); a missing virtual network is.
func (f *azureFace) DeleteVirtualNetworkPeering(ctx context.Context, rg, vnet, name string) error {
	w := f.w
	return azureDelete(f, ctx, "DeleteVirtualNetworkPeering", func() string { return vnetPeeringID(w.id(rg, typeVirtualNetworks, vnet), name) },
		func() (*armState, error) {
			v, err := w.findVNet(rg, vnet)
			if err != nil {
				return nil, err
			}
			p := w.st.VNetPeerings[key(vnetPeeringID(v.ID, name))]
			if p == nil {
				return nil, nil // ARM answers 204
			}
			if join, err := w.deleteChecks(&p.armState); join || err != nil {
				return &p.armState, err
			}
			w.startOp(&p.armState, opDelete, kindVNetPeering, p.ID, w.lat.VNetPeering)
			return &p.armState, nil
		})
}

// removeVNetPeering ends a deletion: the peering goes and its counterpart
// turns Disconnected (mu held).
func (w *World) removeVNetPeering(id string) {
	p := w.st.VNetPeerings[id]
	if p == nil {
		return
	}
	if back := w.counterpart(p); back != nil {
		back.PeeringState = azure.PeeringDisconnected
	}
	delete(w.st.VNetPeerings, id)
}

// peeringUsingGateway is a peering of another virtual network that uses g as
// its remote gateway, or nil (mu held).
func (w *World) peeringUsingGateway(g *gatewayRec) *vnetPeeringRec {
	s := w.st.Subnets[key(g.Subnet)]
	if s == nil {
		return nil
	}
	for _, k := range sortedKeys(w.st.VNetPeerings) {
		if p := w.st.VNetPeerings[k]; p.UseRemoteGateways && key(p.Remote) == s.VNet {
			return p
		}
	}
	return nil
}

// gatewayInUseByPeering is DeleteGateway's refusal while a spoke uses the
// gateway through a peering. Code named by the simulator: Microsoft
// publishes no answer for this case; a public runbook (turning a hub's
// gateway off) says "Azure refuses to delete a gateway that a peering still
// uses", so the simulator refuses, which keeps a teardown order that works
// either way: the spoke's side first, then the gateway.
func (w *World) gatewayInUseByPeering(g *gatewayRec) error {
	p := w.peeringUsingGateway(g)
	if p == nil {
		return nil
	}
	return w.azErr(httpstatus.BadRequest, "GatewayInUseByPeering", "",
		"Virtual network gateway %s cannot be deleted because peering %s uses it as its remote gateway (UseRemoteGateways). "+
			"Set UseRemoteGateways to false on that peering, or delete it, first.", g.ID, p.ID)
}
