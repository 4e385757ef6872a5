package sim

import (
	"net/netip"
	"slices"
)

// This file: which gateways a circuit's routes reach, and the addresses a
// gateway reports its learned routes with (learnedRoutes, in handoff.go).

// localReach reports whether circuit c exchanges routes with gateway g: a
// Standard or Premium circuit does with any (the geopolitical and global
// reach of those tiers is not modelled); an ExpressRoute Local one only with
// a gateway in an Azure region local to its peering location. Microsoft's
// FAQ (articles/expressroute/expressroute-faqs.md, "What is ExpressRoute
// Local?"): a Local circuit "gives you access only to one or two Azure
// regions in or near the same metro ... You won't receive routes for other
// regions different than the defined local region." The connection itself
// is accepted: no source says ARM refuses it.
func localReach(c *circuitRec, g *gatewayRec) bool {
	if c.SKU.Tier != "Local" {
		return true
	}
	return slices.ContainsFunc(localRegions[c.PeeringLocation], func(r string) bool { return equalFold(r, g.Location) })
}

// gatewaySubnetAddrs are the addresses an ExpressRoute gateway reports in its
// learned routes, all inside its GatewaySubnet: local is the gateway
// instance's own address (LocalAddress, and SourcePeer of its own networks),
// peers are the BGP peers the circuit's routes come from on the primary and
// the secondary path (SourcePeer and NextHop). A real gateway does not report
// the Microsoft ends of the circuit's /30s here: its BGP neighbours in AS
// 12076 are the GatewaySubnet's fifth and sixth addresses, 10.1.3.4 and
// 10.1.3.5 in a 10.1.3.0/24 GatewaySubnet (blog.cloudtrooper.net,
// "Connecting your NVAs to ExpressRoute with Azure Route Server",
// 2021-03-08: `az network vnet-gateway list-bgp-peer-status` output), and
// its learned routes name them as next hop and source peer, with the
// instance at .12 or .13 as local address (the same author's `az network
// vnet-gateway list-learned-routes` output for a 10.0.4.0/27 GatewaySubnet:
// localAddress 10.0.4.13, nextHop and sourcePeer 10.0.4.5; Microsoft Q&A
// 2150741: the gateway learns the route "with the Next Hop as the gateway
// subnet"). Microsoft's VirtualNetworkGatewayLearnedRoutes example has no
// rows. So: peers .4 and .5, local .12; in a /29, which has no .12, local is
// .6 (the simulator's choice).
func gatewaySubnetAddrs(p netip.Prefix) (local netip.Addr, peers [2]netip.Addr) {
	base := p.Masked().Addr()
	nth := func(n int) netip.Addr {
		a := base
		for range n {
			a = a.Next()
		}
		return a
	}
	local = nth(12)
	if p.Bits() > 28 {
		local = nth(6)
	}
	return local, [2]netip.Addr{nth(4), nth(5)}
}
