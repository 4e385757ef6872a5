package interconnect

// This file: the checks of each path of the circuit and of the gateway's
// learned routes, from what Verify read.

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/oci"
)

type addFunc func(name string, st Status, hint, format string, args ...any)

// checkARP checks one path's ARP table lists the Oracle and the Azure address
// of its /30 with MAC addresses.
func checkARP(add addFunc, path azure.DevicePath, blk netip.Prefix, entries []azure.ARPEntry) {
	name := "azure.arp." + string(path)
	oracle := blk.Addr().Next()
	customer := oracle.Next()
	var problems []string
	for _, want := range []struct {
		who  string
		addr netip.Addr
	}{{"Oracle", oracle}, {"Azure", customer}} {
		i := slices.IndexFunc(entries, func(e azure.ARPEntry) bool { return e.IPAddress == want.addr })
		switch {
		case i < 0:
			problems = append(problems, fmt.Sprintf("no entry for the %s address %s", want.who, want.addr))
		case strings.EqualFold(entries[i].MACAddress, "Incomplete") || entries[i].MACAddress == "":
			problems = append(problems, fmt.Sprintf("the %s address %s is Incomplete", want.who, want.addr))
		}
	}
	if len(problems) == 0 {
		add(name, Pass, "", "%s path: Oracle %s and Azure %s both resolve to MAC addresses", path, oracle, customer)
		return
	}
	add(name, Fail, "an Incomplete Oracle entry is a provider-side fault: open a service request with Oracle for the virtual circuit, quoting this path",
		"%s path: %s", path, strings.Join(problems, "; "))
}

// checkLearnedRoutes checks that the gateway learned the CIDRs of every VCN
// from Oracle: over EBGP, with Oracle's ASN in the AS path. It reports
// whether it passed.
func checkLearnedRoutes(add addFunc, gateway string, vcns []*vcnState, learned []azure.GatewayRoute) bool {
	const name = "azure.gateway.learned-routes"
	var cidrs []netip.Prefix
	for _, vs := range vcns {
		if vs.vcn == nil {
			add(name, Fail, "check "+vs.ref.field("vcnId"), "VCN %s could not be read", vs.ref.id)
			return false
		}
		cidrs = append(cidrs, vs.vcn.CIDRs...)
	}
	whose := "the VCN's"
	if len(vcns) > 1 {
		whose = "the VCNs'"
	}
	fromOracle := func(r azure.GatewayRoute) bool {
		return r.Origin == azure.OriginEBGP && slices.ContainsFunc(r.ASNs(), func(asn int64) bool { return asn == oci.OracleASN || asn == oci.OracleASNSerbiaCentral })
	}
	var missing []string
	var paths []string
	for _, cidr := range cidrs {
		i := slices.IndexFunc(learned, func(r azure.GatewayRoute) bool { return r.Network == cidr && fromOracle(r) })
		if i < 0 {
			missing = append(missing, cidr.String())
			continue
		}
		if !slices.Contains(paths, learned[i].ASPath) {
			paths = append(paths, learned[i].ASPath)
		}
	}
	if len(missing) == 0 {
		add(name, Pass, "", "gateway %s learned %s CIDRs %v over BGP from Oracle (AS path %s)", gateway, whose, cidrs, strings.Join(paths, ", "))
		return true
	}
	add(name, Fail, "the gateway learns "+whose+" CIDRs once BGP is up on the circuit and the connection links the gateway to it: see oci.bgp, azure.arp.primary and azure.connection",
		"gateway %s has not learned %s from Oracle over BGP", gateway, strings.Join(missing, ", "))
	return false
}

// checkRoutes checks one path learned one VCN's CIDRs over BGP, and reports
// whether it did.
func checkRoutes(add addFunc, path azure.DevicePath, vs *vcnState, routes []azure.Route) bool {
	name := "azure.routes." + string(path)
	if vs.vcn == nil {
		add(name, Fail, "check "+vs.ref.field("vcnId"), "VCN %s could not be read", vs.ref.id)
		return false
	}
	var missing []string
	for _, cidr := range vs.vcn.CIDRs {
		if !slices.ContainsFunc(routes, func(r azure.Route) bool { return r.Network == cidr }) {
			missing = append(missing, cidr.String())
		}
	}
	whose := "the VCN's"
	if vs.ref.index >= 0 {
		whose = "VCN " + vs.ref.id + "'s"
	}
	if len(missing) == 0 {
		add(name, Pass, "", "%s path learned %s CIDRs %v", path, whose, vs.vcn.CIDRs)
		return true
	}
	add(name, Fail, "if only this path lacks routes, see azure.arp."+string(path)+" (a fault on this path); otherwise "+whose+" CIDRs are advertised once BGP is up and the DRG is attached to the VCN: see oci.bgp and oci.drg-attachment",
		"%s path lacks routes to %s", path, strings.Join(missing, ", "))
	return false
}

// checkSpoke checks that a spoke reaches the hub's gateway: both sides of
// its peering exist and are Connected, the hub's allowing gateway transit
// and the spoke's using it.
func checkSpoke(add addFunc, sp *spokeState) {
	const name = "azure.spoke.peering"
	const rerun = "run apply to create or repair the peering"
	switch {
	case sp.vnet == nil:
		add(name, Fail, "check azure.spokes", "spoke VNet %s/%s does not exist", sp.spec.ResourceGroup, sp.spec.VirtualNetwork)
	case sp.hubSide == nil:
		add(name, Fail, rerun, "the hub has no peering to spoke %s", sp.spec.VirtualNetwork)
	case sp.spokeSide == nil:
		add(name, Fail, rerun, "spoke %s has no peering to the hub", sp.spec.VirtualNetwork)
	case sp.hubSide.PeeringState != azure.PeeringConnected || sp.spokeSide.PeeringState != azure.PeeringConnected:
		add(name, Fail, rerun, "spoke %s: the hub's side %s is %s, the spoke's side %s is %s", sp.spec.VirtualNetwork,
			sp.hubSide.Name, sp.hubSide.PeeringState, sp.spokeSide.Name, sp.spokeSide.PeeringState)
	case !sp.hubSide.AllowGatewayTransit || !sp.spokeSide.UseRemoteGateways:
		add(name, Fail, "turn on allowGatewayTransit on the hub's side and useRemoteGateways on the spoke's (run apply for the library's own peerings)",
			"spoke %s: allowGatewayTransit is %s on the hub's side, useRemoteGateways %s on the spoke's", sp.spec.VirtualNetwork,
			onOff(sp.hubSide.AllowGatewayTransit), onOff(sp.spokeSide.UseRemoteGateways))
	default:
		add(name, Pass, "", "spoke %s is Connected to the hub and uses its gateway (%s, %s)", sp.spec.VirtualNetwork, sp.hubSide.Name, sp.spokeSide.Name)
	}
}
