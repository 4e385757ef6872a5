package interconnect

// This file: Discover, the spec of an interconnect the library built, read
// back from the clouds: what a tool that imports existing resources (the
// OpenTofu provider's import) starts from.

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/oci"
)

// Discover reads back the spec of the interconnect named name that the
// library built in resourceGroup of az's subscription, its OCI resources in
// compartmentID (of the OCI region paired with the circuit's Azure region,
// whose oci.Network ociIn returns). It finds the ExpressRoute circuit
// "<name>-er" (which must carry the library's ownership tag), its connection
// and gateway (and so the VNet), the spokes the library peered, the virtual
// circuit and its DRG (and so the VCNs the library attached), and the BGP
// MD5 key of the private peering. It reads and writes nothing else.
//
// The spec leaves a key unset when the clouds hold its default, so that it
// equals a spec written with the defaults left out. What the clouds cannot
// tell is left unset too: peering.pool, explicit peering.primary and
// peering.secondary (the blocks in use are kept however they were chosen),
// route tables other than a VCN's default one, and spokes, attachments and
// gateways the library adopted rather than made. Spokes come in the order of
// their peerings' names, VCNs in the order of oci.vcns.
//
// A second circuit "<name>-er-2" of the library's makes the spec one of
// maximum resiliency, with its two locations (unset when they are the
// pair's two, in the default order) and its preferred location (the one
// whose connection weighs more); the second location's BGP blocks are left
// unset, as the first's are.
//
// The error names what was not found; the circuit missing or not the
// library's is an error, as is a connection and gateway that lead to no VNet.
func Discover(ctx context.Context, az azure.Network, ociIn func(region string) (oci.Network, error), resourceGroup, name, compartmentID string) (Spec, error) {
	s := Spec{Name: name}
	s.Azure.SubscriptionID, s.Azure.ResourceGroup = az.SubscriptionID(), resourceGroup
	s.OCI.CompartmentID = compartmentID
	n := namesFor(s.WithDefaults(nil))
	rg := resourceGroup

	ckt, err := az.GetCircuit(ctx, rg, n.circuit)
	switch {
	case errors.Is(err, azure.ErrNotFound):
		return Spec{}, fmt.Errorf("no ExpressRoute circuit %s in resource group %s: no interconnect named %s was built there", n.circuit, rg, name)
	case err != nil:
		return Spec{}, fmt.Errorf("reading ExpressRoute circuit %s: %w", n.circuit, err)
	case !ownedBy(ckt.Tags, name):
		return Spec{}, fmt.Errorf("ExpressRoute circuit %s in %s was not made by the library for %s (no %s=%s tag)", n.circuit, rg, name, OwnershipTagKey, name)
	}
	s.Azure.Region = CanonicalAzureRegion(ckt.Location)
	pair, ok := DefaultCatalog().ByAzureRegion(s.Azure.Region)
	if !ok {
		return Spec{}, fmt.Errorf("circuit %s is in %s, which has no OCI pair in the catalog", n.circuit, ckt.Location)
	}
	s.OCI.Region = pair.OCIRegion
	s.Bandwidth = Bandwidth(ckt.BandwidthMbps)
	for k, v := range ckt.Tags {
		if k != OwnershipTagKey {
			if s.Tags == nil {
				s.Tags = map[string]string{}
			}
			s.Tags[k] = v
		}
	}
	d := s.WithDefaults(nil)
	if !strings.EqualFold(squash(ckt.PeeringLocation), squash(d.Azure.PeeringLocation)) {
		s.Azure.PeeringLocation = ckt.PeeringLocation
	}
	if ckt.SKU.Tier != d.Azure.CircuitSKU.Tier {
		s.Azure.CircuitSKU.Tier = ckt.SKU.Tier
	}
	if ckt.SKU.Family != s.WithDefaults(nil).Azure.CircuitSKU.Family {
		s.Azure.CircuitSKU.Family = ckt.SKU.Family
	}
	if err := discoverSecondLocation(ctx, az, &s, ckt, n); err != nil {
		return Spec{}, err
	}
	if p, err := az.GetPrivatePeering(ctx, rg, n.circuit); err == nil {
		s.Peering.MD5AuthKey = p.SharedKey
		if p.LastModifiedBy == "Customer" && p.VLAN != defaultVLAN {
			s.Peering.VLAN = p.VLAN
		}
	} else if !errors.Is(err, azure.ErrNotFound) {
		return Spec{}, fmt.Errorf("reading the private peering of %s: %w", n.circuit, err)
	}

	if err := discoverAzure(ctx, az, &s, n); err != nil {
		return Spec{}, err
	}
	oc, err := ociIn(pair.OCIRegion)
	if err != nil {
		return Spec{}, err
	}
	if err := discoverOCI(ctx, oc, &s, n); err != nil {
		return Spec{}, err
	}
	return s, nil
}

// discoverAzure finds the gateway, through the connection or by the
// library's name, and with it the VNet, then the spokes.
func discoverAzure(ctx context.Context, az azure.Network, s *Spec, n names) error {
	rg := s.Azure.ResourceGroup
	gwRG, gwName := rg, n.gateway
	conn, err := az.GetConnection(ctx, rg, n.connection)
	switch {
	case err == nil:
		ref := azure.ParseID(conn.GatewayID)
		gwRG, gwName = ref.ResourceGroup, ref.Name(gatewaysType)
		if !conn.FastPath {
			f := false
			s.Azure.FastPath = &f
		}
	case !errors.Is(err, azure.ErrNotFound):
		return fmt.Errorf("reading connection %s: %w", n.connection, err)
	}
	gw, err := az.GetGateway(ctx, gwRG, gwName)
	if err != nil {
		return fmt.Errorf("reading gateway %s/%s, to find the VNet (connection %s leads there): %w", gwRG, gwName, n.connection, err)
	}
	subnet := azure.ParseID(gw.SubnetID)
	s.Azure.VirtualNetwork = subnet.Name("virtualNetworks")
	if s.Azure.VirtualNetwork == "" || !strings.EqualFold(subnet.ResourceGroup, rg) {
		return fmt.Errorf("gateway %s is not in a VNet of resource group %s (its subnet is %s)", gw.Name, rg, gw.SubnetID)
	}
	if ownedBy(gw.Tags, s.Name) {
		d := s.WithDefaults(nil)
		if gw.Name != d.Azure.Gateway.Name {
			s.Azure.Gateway.Name = gw.Name
		}
		if gw.SKU != d.Azure.Gateway.SKU {
			s.Azure.Gateway.SKU = gw.SKU
		}
		if gw.SKU == "ErGwScale" && gw.ScaleUnits != s.WithDefaults(nil).Azure.Gateway.ScaleUnits {
			s.Azure.Gateway.ScaleUnits = gw.ScaleUnits
		}
		if gw.Tags[gatewaySubnetTagKey] != "" {
			sn, err := az.GetSubnet(ctx, rg, s.Azure.VirtualNetwork, azure.GatewaySubnetName)
			if err != nil {
				return fmt.Errorf("reading the GatewaySubnet of %s: %w", s.Azure.VirtualNetwork, err)
			}
			s.Azure.Gateway.SubnetPrefix = sn.Prefix
		}
	}

	hub, err := az.GetVirtualNetwork(ctx, rg, s.Azure.VirtualNetwork)
	if err != nil {
		return fmt.Errorf("reading VNet %s: %w", s.Azure.VirtualNetwork, err)
	}
	prefix := s.Name + "-to-"
	var peerings []azure.VirtualNetworkPeering
	for _, p := range hub.Peerings {
		if strings.HasPrefix(p.Name, prefix) && p.AllowGatewayTransit {
			peerings = append(peerings, p)
		}
	}
	slices.SortFunc(peerings, func(a, b azure.VirtualNetworkPeering) int { return strings.Compare(a.Name, b.Name) })
	for _, p := range peerings {
		ref := azure.ParseID(p.RemoteVirtualNetworkID)
		sp := SpokeSpec{VirtualNetwork: ref.Name("virtualNetworks")}
		if !strings.EqualFold(ref.ResourceGroup, rg) {
			sp.ResourceGroup = ref.ResourceGroup
		}
		s.Azure.Spokes = append(s.Azure.Spokes, sp)
	}
	return nil
}

// attachmentIndex matches the display names of the attachments the library
// makes: "<name>-drg-attachment" (oci.vcnId), "<name>-drg-attachment-<i>"
// (oci.vcns[i]).
var attachmentIndex = regexp.MustCompile(`^(.*)-drg-attachment(?:-([0-9]+))?$`)

// discoverOCI finds the virtual circuit and its DRG, then the VCNs on it.
func discoverOCI(ctx context.Context, oc oci.Network, s *Spec, n names) error {
	comp := s.OCI.CompartmentID
	vcs, err := oc.FindVirtualCircuits(ctx, comp, n.virtualCircuit)
	if err != nil {
		return fmt.Errorf("listing virtual circuits named %s in %s: %w", n.virtualCircuit, comp, err)
	}
	var drg *oci.DRG
	for _, vc := range vcs {
		if ourVirtualCircuit(vc, s.Name) {
			d, err := oc.GetDRG(ctx, vc.GatewayID)
			if err != nil {
				return fmt.Errorf("reading DRG %s of virtual circuit %s: %w", vc.GatewayID, vc.ID, err)
			}
			drg = &d
			break
		}
	}
	if drg == nil {
		drgs, err := oc.ListDRGs(ctx, comp)
		if err != nil {
			return fmt.Errorf("listing DRGs in %s: %w", comp, err)
		}
		if i := slices.IndexFunc(drgs, func(d oci.DRG) bool { return ourDRG(d, n, s.Name) }); i >= 0 {
			drg = &drgs[i]
		}
	}
	if drg == nil {
		return fmt.Errorf("no virtual circuit %s and no DRG %s of the interconnect in compartment %s", n.virtualCircuit, n.drg, comp)
	}
	if !ourDRG(*drg, n, s.Name) {
		s.OCI.DRGID = drg.ID
	}
	atts, err := oc.ListDRGAttachments(ctx, drg.CompartmentID, "", drg.ID)
	if err != nil {
		return fmt.Errorf("listing the attachments of DRG %s: %w", drg.ID, err)
	}
	extra := map[int]string{}
	var adopted []oci.DRGAttachment
	for _, a := range atts {
		if !liveAttachment(a) {
			continue
		}
		m := attachmentIndex.FindStringSubmatch(a.DisplayName)
		switch {
		case m == nil || m[1] != s.Name:
			adopted = append(adopted, a)
		case m[2] == "":
			s.OCI.VCNID = a.VCNID
		default:
			i, _ := strconv.Atoi(m[2])
			extra[i] = a.VCNID
		}
	}
	if s.OCI.VCNID == "" && len(adopted) == 1 {
		s.OCI.VCNID = adopted[0].VCNID // the main VCN, attached before
	}
	if s.OCI.VCNID == "" {
		return fmt.Errorf("cannot tell the interconnect's VCN among the %d attachments of DRG %s", len(adopted), drg.ID)
	}
	for i := 0; i < len(extra); i++ {
		id, ok := extra[i]
		if !ok {
			return fmt.Errorf("DRG %s has no attachment %s-%d, but has later ones", drg.ID, n.drgAttachment, i)
		}
		v := VCNSpec{VCNID: id}
		if vcn, err := oc.GetVCN(ctx, id); err == nil && vcn.CompartmentID != comp {
			v.CompartmentID = vcn.CompartmentID
		}
		s.OCI.VCNs = append(s.OCI.VCNs, v)
	}
	return nil
}

// discoverSecondLocation makes s one of maximum resiliency when the second
// location's circuit exists; first is the first location's circuit.
func discoverSecondLocation(ctx context.Context, az azure.Network, s *Spec, first azure.Circuit, n names) error {
	rg := s.Azure.ResourceGroup
	name2 := n.circuit + secondSiteSuffix
	ckt2, err := az.GetCircuit(ctx, rg, name2)
	switch {
	case errors.Is(err, azure.ErrNotFound):
		return nil
	case err != nil:
		return fmt.Errorf("reading ExpressRoute circuit %s: %w", name2, err)
	case !ownedBy(ckt2.Tags, s.Name):
		return nil
	}
	s.Resiliency = ResiliencyMaximum
	s.Azure.PeeringLocation = ""
	locs := []string{first.PeeringLocation, ckt2.PeeringLocation}
	d := s.WithDefaults(nil)
	if !slices.EqualFunc(locs, d.Azure.PeeringLocations, func(a, b string) bool { return squash(a) == squash(b) }) {
		s.Azure.PeeringLocations = locs
	}
	weights := [2]int{-1, -1}
	for i, name := range []string{n.connection, n.connection + secondSiteSuffix} {
		if conn, err := az.GetConnection(ctx, rg, name); err == nil {
			weights[i] = conn.RoutingWeight
		} else if !errors.Is(err, azure.ErrNotFound) {
			return fmt.Errorf("reading connection %s: %w", name, err)
		}
	}
	switch {
	case weights[0] > weights[1] && weights[1] >= 0:
		s.Azure.PreferredPeeringLocation = locs[0]
	case weights[1] > weights[0] && weights[0] >= 0:
		s.Azure.PreferredPeeringLocation = locs[1]
	}
	return nil
}
