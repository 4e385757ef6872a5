package interconnect

// This file: deciding the steps of the hub's spokes. Each spoke reaches the
// circuit through the hub's gateway: the hub's side of the peering allows
// gateway transit, the spoke's side uses the remote gateway. A peering that
// exists under another name is adopted and checked, never changed; the
// library's own (named by peeringNames) are kept as wanted and deleted by
// teardown.

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/plan"
)

// Step IDs of spoke i.
func hubPeeringStep(i int) string   { return fmt.Sprintf("azure/spokes[%d]/hub-peering", i) }
func spokePeeringStep(i int) string { return fmt.Sprintf("azure/spokes[%d]/spoke-peering", i) }

// peeringNames are the names of the two peerings the library makes for
// spoke i: on the hub "<name>-to-<spoke>" (with the spoke's resource group
// when another spoke has the same name), on the spoke "<name>-to-<hub>".
// ARM names have at most 80 characters: a longer one is cut and ends with a
// hash of the whole.
func peeringNames(s Spec, i int) (hubSide, spokeSide string) {
	sp := s.Azure.Spokes[i]
	spoke := sp.VirtualNetwork
	for j, other := range s.Azure.Spokes {
		if j != i && strings.EqualFold(other.VirtualNetwork, sp.VirtualNetwork) {
			spoke = sp.ResourceGroup + "-" + sp.VirtualNetwork
		}
	}
	return armName(s.Name + "-to-" + spoke), armName(s.Name + "-to-" + s.Azure.VirtualNetwork)
}

func armName(n string) string {
	const max = 80
	if len(n) <= max {
		return n
	}
	h := sha256.Sum256([]byte(n))
	return n[:max-9] + "-" + hex.EncodeToString(h[:4])
}

// peeringWant is what one side of a spoke's peering must be.
type peeringWant struct {
	transit, remoteGateways bool // AllowGatewayTransit, UseRemoteGateways
}

// problem says what is wrong with a peering for this side, or "".
func (w peeringWant) problem(p azure.VirtualNetworkPeering) string {
	var wrong []string
	if !p.AllowVirtualNetworkAccess {
		wrong = append(wrong, "allowVirtualNetworkAccess is off (turn it on)")
	}
	if w.transit && !p.AllowGatewayTransit {
		wrong = append(wrong, "allowGatewayTransit is off (turn it on: the spoke reaches the circuit through the hub's gateway)")
	}
	if w.remoteGateways && !p.UseRemoteGateways {
		wrong = append(wrong, "useRemoteGateways is off (turn it on: the spoke uses the hub's gateway)")
	}
	if !w.remoteGateways && p.UseRemoteGateways {
		wrong = append(wrong, "useRemoteGateways is on (turn it off: the hub has its own gateway)")
	}
	return strings.Join(wrong, "; ")
}

// spokeSteps checks each spoke against the clouds and plans its peerings.
func (d *decision) spokeSteps(o *observed, v *ValidationError, b *plan.Builder) {
	s := d.spec
	prevHub := StepGatewaySubnet
	var spokeSides []plan.Step
	for _, sp := range o.spokes {
		field := spokeField(sp.index, "virtualNetwork")
		if g := spokeGateway(sp.vnet); g != "" {
			v.Add(field, sp.spec.VirtualNetwork, fmt.Sprintf("has a gateway of its own (%s); a spoke reaches OCI through the hub's gateway: remove the spoke's gateway, or connect it with an interconnect of its own", g))
			continue
		}
		for _, p := range sp.vnet.Peerings {
			if p.UseRemoteGateways && !strings.EqualFold(p.RemoteVirtualNetworkID, o.vnet.ID) {
				v.Add(field, sp.spec.VirtualNetwork, fmt.Sprintf("already uses the gateway of VNet %s through its peering %s, and a VNet uses one remote gateway: turn useRemoteGateways off there, or leave this spoke out", azure.ParseID(p.RemoteVirtualNetworkID).Name("virtualNetworks"), p.Name))
			}
		}
		hubName, spokeName := peeringNames(s, sp.index)
		hubID := azure.ResourceID(s.Azure.SubscriptionID, s.Azure.ResourceGroup, "virtualNetworks", s.Azure.VirtualNetwork, "virtualNetworkPeerings", hubName)
		spokeID := azure.ResourceID(s.Azure.SubscriptionID, sp.spec.ResourceGroup, "virtualNetworks", sp.spec.VirtualNetwork, "virtualNetworkPeerings", spokeName)

		// The hub's side first: puts on one VNet go one at a time, and the
		// spoke's side needs it (and the gateway) to use remote gateways.
		hub := d.peeringStep(v, field, hubPeeringStep(sp.index), hubID, sp.hubSide, sp.vnet.ID, peeringWant{transit: true}, "the hub's side")
		hub.DependsOn = []string{prevHub}
		b.Add(hub)
		prevHub = hub.ID
		spokeSides = append(spokeSides, d.peeringStep(v, field, spokePeeringStep(sp.index), spokeID, sp.spokeSide, o.vnet.ID, peeringWant{remoteGateways: true}, "the spoke's side"))
	}
	// The spokes' sides after every hub side (and the gateway): ARM refuses
	// a peering Put (400 ReferencedResourceNotProvisioned) while its remote
	// VNet, here the hub, has another peering in progress, so a spoke's side
	// must not overlap the hub's chain. Each waits for the last hub side,
	// which is done long before the gateway in practice.
	for _, spoke := range spokeSides {
		spoke.DependsOn = []string{prevHub, StepGateway}
		b.Add(spoke)
	}
}

// peeringStep plans one side of a spoke's peering: id is the ARM ID of the
// peering the library would make, cur the side that exists (any name).
func (d *decision) peeringStep(v *ValidationError, field, stepID, id string, cur *azure.VirtualNetworkPeering, remote string, want peeringWant, side string) plan.Step {
	ref := azure.ParseID(id)
	st := plan.Step{ID: stepID, Cloud: "azure", Kind: kindVNetPeering, Name: ref.Name("virtualNetworks") + "/" + ref.Name("virtualNetworkPeerings"), Resource: id}
	wanted := []plan.Change{
		change("remoteVirtualNetwork", remote),
		change("allowVirtualNetworkAccess", "true"),
		change("allowForwardedTraffic", "false"),
		change("allowGatewayTransit", strconv.FormatBool(want.transit)),
		change("useRemoteGateways", strconv.FormatBool(want.remoteGateways)),
	}
	switch {
	case cur == nil:
		st.Action, st.Reason, st.Changes = plan.Create, side+" of the spoke's peering with the hub does not exist", wanted
	case !strings.EqualFold(cur.ID, id):
		// Adopted: checked, never changed.
		st.Name, st.Resource = ref.Name("virtualNetworks")+"/"+cur.Name, cur.ID
		switch problem := want.problem(*cur); {
		case problem != "":
			v.Add(field, "", fmt.Sprintf("%s of its peering with the hub, %s, exists and is not the library's to change: %s; or delete it and the library makes its own", side, cur.Name, problem))
		case cur.PeeringState == azure.PeeringDisconnected:
			v.Add(field, "", fmt.Sprintf("%s of its peering with the hub, %s, is Disconnected (the other side was deleted); update or re-create it, or delete it and the library makes its own", side, cur.Name))
		case cur.State == azure.Updating:
			st.Action, st.Reason = plan.Wait, side+" of the peering ("+cur.Name+", adopted) is being updated"
		default:
			st.Action, st.Reason = plan.NoOp, side+" of the peering exists ("+cur.Name+", adopted: destroy leaves it)"
		}
	case cur.State == azure.Updating || cur.State == azure.Deleting:
		st.Action, st.Reason, st.Changes = plan.Wait, side+" of the peering is being changed by another operation", wanted
	case want.problem(*cur) != "" || cur.AllowForwardedTraffic || cur.PeeringState == azure.PeeringDisconnected || cur.State == azure.Failed:
		st.Action, st.Reason = plan.Update, side+" of the peering is not as wanted"
		st.Changes = []plan.Change{
			update("remoteVirtualNetwork", cur.RemoteVirtualNetworkID, remote),
			update("allowVirtualNetworkAccess", strconv.FormatBool(cur.AllowVirtualNetworkAccess), "true"),
			update("allowForwardedTraffic", strconv.FormatBool(cur.AllowForwardedTraffic), "false"),
			update("allowGatewayTransit", strconv.FormatBool(cur.AllowGatewayTransit), strconv.FormatBool(want.transit)),
			update("useRemoteGateways", strconv.FormatBool(cur.UseRemoteGateways), strconv.FormatBool(want.remoteGateways)),
		}
		if cur.PeeringState == azure.PeeringDisconnected {
			st.Reason = side + " of the peering is Disconnected (the other side was deleted): put it again"
		}
	default:
		st.Action, st.Reason = plan.NoOp, side+" of the peering is as wanted"
	}
	return st
}

// spokeGateway names a gateway in a spoke's GatewaySubnet, or "".
func spokeGateway(vnet *azure.VirtualNetwork) string {
	for _, sn := range vnet.Subnets {
		if refs := gatewaysIn(sn.IPConfigurationIDs); strings.EqualFold(sn.Name, azure.GatewaySubnetName) && len(refs) > 0 {
			return refs[0].Name(gatewaysType)
		}
	}
	return ""
}
