package sim

import (
	"fmt"
	"net/netip"
	"slices"
	"time"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/oci"
)

// This file: the cross-cloud handoff. An OCI virtual circuit ordered with an
// ExpressRoute service key provisions the Azure circuit, Oracle configures
// the private peering, BGP comes up, and each side learns the other's routes.

// startHandoff is Oracle taking the order of a new virtual circuit (mu held):
// with a matching ExpressRoute circuit it goes PROVISIONING at a third of
// Latency.VirtualCircuit and PROVISIONED at the full latency, provisioning
// the circuit meanwhile; otherwise it goes FAILED at a third, and the circuit
// is untouched. A virtual circuit of another partner's provider service stays
// PENDING_PROVIDER (that partner never acts in the simulation).
//
// An injected provider fault (fate, see FaultKind) changes that: FAILED or
// INACTIVE at a third of the latency whatever the circuit, or a VERIFYING
// stage of a whole Latency.VirtualCircuit before PROVISIONING.
func (w *World) startHandoff(vc *vcRec, fate oci.LifecycleState) {
	ps := w.providerService(vc.ProviderService)
	if ps == nil || ps.ProviderName != oci.AzureProviderName {
		return
	}
	d, id := w.lat.VirtualCircuit, key(vc.ID)
	switch fate {
	case oci.Failed:
		vc.FailReason = "the provider rejected the order (injected fault)"
		w.schedule(d/3, kindVC, id, vc.Op, string(oci.Failed))
		return
	case oci.Inactive:
		vc.FailReason = "the provider deactivated the virtual circuit (injected fault)"
		w.schedule(d/3, kindVC, id, vc.Op, string(oci.Inactive))
		return
	}
	c, reason := w.matchCircuit(vc, ps)
	if c == nil {
		vc.FailReason = reason
		w.schedule(d/3, kindVC, id, vc.Op, string(oci.Failed))
		return
	}
	c.VC, vc.Circuit = id, key(c.ID)
	c.ProviderState = azure.Provisioning
	var verifying time.Duration
	if fate == oci.Verifying {
		verifying = d
		w.schedule(d/3, kindVC, id, vc.Op, string(oci.Verifying))
	}
	w.schedule(d/3+verifying, kindVC, id, vc.Op, string(oci.Provisioning))
	w.schedule(d+verifying, kindVC, id, vc.Op, string(oci.Provisioned))
}

// matchCircuit finds the ExpressRoute circuit a virtual circuit's service key
// names and checks that Oracle can provision it; else it says why not.
func (w *World) matchCircuit(vc *vcRec, ps *ProviderService) (*circuitRec, string) {
	var c *circuitRec
	for _, k := range sortedKeys(w.st.Circuits) {
		if cc := w.st.Circuits[k]; vc.ServiceKey != "" && cc.ServiceKey == vc.ServiceKey {
			c = cc
			break
		}
	}
	shape := slices.IndexFunc(ps.Shapes, func(s oci.BandwidthShape) bool { return s.Name == vc.Shape })
	switch {
	case c == nil:
		return nil, "the service key does not name an ExpressRoute circuit"
	case !equalFold(c.Provider, azure.OracleServiceProvider):
		return nil, fmt.Sprintf("ExpressRoute circuit %s was ordered from %s, not %s", c.Name, c.Provider, azure.OracleServiceProvider)
	case c.State != azure.Succeeded:
		return nil, fmt.Sprintf("ExpressRoute circuit %s is %s", c.Name, c.State)
	case c.ProviderState != azure.NotProvisioned || c.VC != "":
		return nil, fmt.Sprintf("ExpressRoute circuit %s is already %s for another virtual circuit", c.Name, c.ProviderState)
	case shape < 0 || ps.Shapes[shape].Mbps != c.BandwidthMbps:
		return nil, fmt.Sprintf("bandwidth %s does not match the ExpressRoute circuit's %d Mbps", vc.Shape, c.BandwidthMbps)
	case !slices.ContainsFunc(w.st.PeeringLocations[vc.Region], func(l string) bool { return equalFold(l, c.PeeringLocation) }):
		return nil, fmt.Sprintf("ExpressRoute peering location %s is not served from %s", c.PeeringLocation, vc.Region)
	}
	return c, ""
}

// applyVC moves a virtual circuit along (mu held).
func (w *World) applyVC(tr transition) {
	vc := w.st.VirtualCircuits[tr.ID]
	if vc == nil || vc.Op != tr.Op {
		return
	}
	vc.State = oci.LifecycleState(tr.To)
	if vc.State == oci.Terminated {
		vc.Terminated = w.now // its metrics end here (metrics_oci.go)
	}
	c := w.st.Circuits[vc.Circuit]
	if c == nil || c.VC != key(vc.ID) {
		return
	}
	switch vc.State {
	case oci.Provisioned:
		c.ProviderState = azure.Provisioned
		if w.st.Peerings[key(c.peeringID())] == nil {
			w.st.Peerings[key(c.peeringID())] = &peeringRec{
				armState: armState{State: azure.Succeeded, Op: w.nextSeq(), OpKind: opPut, OpEnd: w.now},
				ID:       c.peeringID(), Circuit: key(c.ID),
				PeerASN: oci.OracleASN, AzureASN: AzureASN,
				Primary: vc.Mappings[0].Oracle.Masked(), Secondary: vc.Mappings[1].Oracle.Masked(),
				VLAN: w.pickVLAN(), SharedKey: vc.Mappings[0].MD5, LastModifiedBy: ModifiedByProvider,
			}
		}
		w.bgpRearm(c)
	case oci.Terminated:
		// The provider deprovisions the circuit but leaves its peering in
		// place: the circuit's owner deletes it before the circuit
		// (Microsoft, troubleshooting "cannot delete ExpressRoute circuit").
		c.ProviderState, c.VC = azure.NotProvisioned, ""
	}
}

// releaseHandoff is Oracle starting to deprovision a deleted virtual circuit
// (mu held): BGP goes down and the circuit turns Deprovisioning.
func (w *World) releaseHandoff(vc *vcRec) {
	vc.Established, vc.BGPOp = false, 0
	if c := w.st.Circuits[vc.Circuit]; c != nil && c.VC == key(vc.ID) {
		c.ProviderState = azure.Deprovisioning
	}
}

// linkedVC is the virtual circuit provisioning c, or nil.
func (w *World) linkedVC(c *circuitRec) *vcRec {
	if c.VC == "" {
		return nil
	}
	return w.st.VirtualCircuits[c.VC]
}

// addrMatch reports whether path i of the peering uses the /30 and the
// addresses of the virtual circuit's mapping i (Oracle first, Azure second).
func addrMatch(p *peeringRec, vc *vcRec, i int) bool {
	if i >= len(vc.Mappings) {
		return false
	}
	m, pre := vc.Mappings[i], p.prefix(i)
	oracle, az := hostAddrs(pre)
	return m.Oracle.Masked() == pre && m.Oracle.Addr() == oracle && m.Customer.Addr() == az
}

// sessionPossible reports whether BGP can come up on path i: matching
// addresses and the same MD5 key on both ends.
func sessionPossible(p *peeringRec, vc *vcRec, i int) bool {
	return addrMatch(p, vc, i) && p.SharedKey == vc.Mappings[i].MD5
}

// arpUp reports whether Oracle answers ARP on path i of circuit c.
func (w *World) arpUp(c *circuitRec, i int) bool {
	vc := w.linkedVC(c)
	p := w.st.Peerings[key(c.peeringID())]
	return vc != nil && p != nil && vc.State == oci.Provisioned && !c.Broken[i] && addrMatch(p, vc, i)
}

// pathUp reports whether the BGP session of path i of circuit c is up.
func (w *World) pathUp(c *circuitRec, i int) bool {
	if !w.arpUp(c, i) {
		return false
	}
	vc, p := w.linkedVC(c), w.st.Peerings[key(c.peeringID())]
	return vc.Established && p.State == azure.Succeeded && sessionPossible(p, vc, i)
}

// vcBGPUp is the virtual circuit's BGPSessionState: up while either path is.
func (w *World) vcBGPUp(vc *vcRec) bool {
	c := w.st.Circuits[vc.Circuit]
	return c != nil && c.VC == key(vc.ID) && (w.pathUp(c, 0) || w.pathUp(c, 1))
}

// bgpRearm schedules the BGP session of c's virtual circuit to come up BGP
// latency from now, when it is PROVISIONED, not up yet, and its peering is
// configured so that a session is possible (mu held).
func (w *World) bgpRearm(c *circuitRec) {
	vc := w.linkedVC(c)
	if vc == nil || vc.State != oci.Provisioned || vc.Established || vc.BGPOp != 0 {
		return
	}
	p := w.st.Peerings[key(c.peeringID())]
	if p == nil || p.State != azure.Succeeded || !(sessionPossible(p, vc, 0) || sessionPossible(p, vc, 1)) {
		return
	}
	vc.BGPOp = w.nextSeq()
	w.schedule(w.lat.BGP, kindBGP, key(vc.ID), vc.BGPOp, "")
}

// bgpReset takes BGP down on c's virtual circuit (its peering is changing).
func (w *World) bgpReset(c *circuitRec) {
	if vc := w.linkedVC(c); vc != nil {
		vc.Established, vc.BGPOp = false, 0
	}
}

// applyBGP brings a virtual circuit's BGP session up, if it still can.
func (w *World) applyBGP(tr transition) {
	vc := w.st.VirtualCircuits[tr.ID]
	if vc == nil || vc.BGPOp != tr.Op {
		return
	}
	vc.BGPOp = 0
	c := w.st.Circuits[vc.Circuit]
	if c == nil || c.VC != key(vc.ID) || vc.State != oci.Provisioned {
		return
	}
	if p := w.st.Peerings[key(c.peeringID())]; p != nil && p.State == azure.Succeeded &&
		(sessionPossible(p, vc, 0) || sessionPossible(p, vc, 1)) {
		vc.Established = true
	}
}

// vcnCIDRsBehind lists the CIDRs of the VCNs the virtual circuit's DRG is
// ATTACHED to, sorted.
func (w *World) vcnCIDRsBehind(vc *vcRec) []netip.Prefix {
	if vc == nil {
		return nil
	}
	var out []netip.Prefix
	for _, k := range sortedKeys(w.st.DRGAttachments) {
		a := w.st.DRGAttachments[k]
		if a.DRG == key(vc.DRG) && a.State == oci.Attached {
			if v := w.st.VCNs[a.VCN]; v != nil {
				out = append(out, v.CIDRs...)
			}
		}
	}
	return sortPrefixes(out)
}

func sortPrefixes(ps []netip.Prefix) []netip.Prefix {
	slices.SortFunc(ps, func(a, b netip.Prefix) int {
		if c := a.Addr().Compare(b.Addr()); c != 0 {
			return c
		}
		return a.Bits() - b.Bits()
	})
	return slices.Compact(ps)
}

// OCILearnedRoutes returns the prefixes the virtual circuit learned from
// Azure over BGP: while BGP is up, the address spaces of the virtual networks
// whose gateways a Connected ExpressRoute connection links to its circuit.
// It returns nil for an unknown virtual circuit.
func (w *World) OCILearnedRoutes(virtualCircuitID string) []netip.Prefix {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.enter()
	vc := w.st.VirtualCircuits[key(virtualCircuitID)]
	if vc == nil {
		return nil
	}
	return w.ociLearnedRoutes(vc)
}

// ociLearnedRoutes is OCILearnedRoutes of a virtual circuit (mu held).
func (w *World) ociLearnedRoutes(vc *vcRec) []netip.Prefix {
	if !w.vcBGPUp(vc) {
		return nil
	}
	c := w.st.Circuits[vc.Circuit]
	var out []netip.Prefix
	for _, k := range sortedKeys(w.st.Connections) {
		conn := w.st.Connections[k]
		if !equalFold(conn.Circuit, c.ID) || w.connStatus(conn) != azure.Connected {
			continue
		}
		if g := w.st.Gateways[key(conn.Gateway)]; g != nil {
			if s := w.st.Subnets[key(g.Subnet)]; s != nil {
				if v := w.st.VirtualNetworks[s.VNet]; v != nil {
					out = append(out, v.AddressSpace...)
				}
			}
		}
	}
	return sortPrefixes(out)
}

// learnedRoutes are the routes a gateway knows (mu held): the address space
// of its virtual network (origin Network, from the gateway's own address)
// and, for every connection of the gateway whose circuit has BGP up on a
// path, the CIDRs of the VCNs behind that circuit's virtual circuit, learned
// over EBGP from the path's Microsoft edge with AS path "12076-31898" (the
// MSEE's ASN, then Oracle's). ARM documents the route shape (getLearnedRoutes
// examples); the addresses are the simulator's: the gateway's is the fourth
// host of its GatewaySubnet (Azure reserves the first three), the peers'
// are the Microsoft ends of the circuit's /30s.
func (w *World) learnedRoutes(g *gatewayRec) []azure.GatewayRoute {
	var local netip.Addr
	if s := w.st.Subnets[key(g.Subnet)]; s != nil {
		local = s.Prefix.Masked().Addr().Next().Next().Next().Next()
	}
	out := []azure.GatewayRoute{}
	if s := w.st.Subnets[key(g.Subnet)]; s != nil {
		if v := w.st.VirtualNetworks[s.VNet]; v != nil {
			for _, p := range sortPrefixes(slices.Clone(v.AddressSpace)) {
				out = append(out, azure.GatewayRoute{Network: p, SourcePeer: local, LocalAddress: local, Origin: azure.OriginNetwork, Weight: 32768})
			}
		}
	}
	for _, k := range sortedKeys(w.st.Connections) {
		conn := w.st.Connections[k]
		if !equalFold(conn.Gateway, g.ID) || conn.State != azure.Succeeded || w.heldOff(conn) {
			continue // a failover test holds the gateway off the circuit (azure_failover.go)
		}
		c := w.st.Circuits[key(conn.Circuit)]
		if c == nil {
			continue
		}
		p := w.st.Peerings[key(c.peeringID())]
		for i := range 2 {
			if !w.pathUp(c, i) {
				continue
			}
			_, msee := hostAddrs(p.prefix(i))
			for _, pre := range w.vcnCIDRsBehind(w.linkedVC(c)) {
				out = append(out, azure.GatewayRoute{Network: pre, NextHop: msee, SourcePeer: msee, LocalAddress: local,
					Origin: azure.OriginEBGP, ASPath: fmt.Sprintf("%d-%d", AzureASN, oci.OracleASN), Weight: 32769})
			}
		}
	}
	return out
}

// BreakPath makes one path of a circuit fail on the provider side, for
// Verify tests: the Oracle address shows "Incomplete" in that path's ARP
// table, and its BGP session and routes go away. circuit is the circuit's
// service key or its ARM ID.
func (w *World) BreakPath(circuit string, path azure.DevicePath) error {
	return w.setBroken(circuit, path, true)
}

// RepairPath undoes BreakPath; the path comes back at once.
func (w *World) RepairPath(circuit string, path azure.DevicePath) error {
	return w.setBroken(circuit, path, false)
}

func (w *World) setBroken(circuit string, path azure.DevicePath, broken bool) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.enter()
	i := pathIndex(path)
	if i < 0 {
		return fmt.Errorf("sim: unknown device path %q", path)
	}
	c := w.circuitByIDOrKey(circuit)
	if c == nil {
		return fmt.Errorf("sim: no ExpressRoute circuit with that ID or service key: %w", azure.ErrNotFound)
	}
	c.Broken[i] = broken
	w.noteHealth()
	return nil
}
