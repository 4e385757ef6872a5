package simfile

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"strings"

	"github.com/azoci/interconnect"
	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/sim"
)

// Seed adds to the world what the user is expected to bring, when it is not
// there yet: the VNet (a 10.x.0.0/16, with a GatewaySubnet unless the spec
// gives azure.gateway.subnetPrefix for the library to create), the VCN (a
// 10.y.0.0/16 that overlaps neither the VNet nor the BGP blocks), and the DRG
// and route tables the spec names, spokes and more VCNs. s has its
// defaults applied. It reports each network it seeds on log, one line each;
// a world that has them all is left as it is.
func Seed(ctx context.Context, w *sim.World, s interconnect.Spec, log io.Writer) error {
	az, oc := w.Azure(), w.OCI()
	vnet, err := az.GetVirtualNetwork(ctx, s.Azure.ResourceGroup, s.Azure.VirtualNetwork)
	haveVNet := err == nil
	if err != nil && !errors.Is(err, azure.ErrNotFound) {
		return fmt.Errorf("simulator: reading the VNet: %w", err)
	}
	vcn, err := oc.GetVCN(ctx, s.OCI.VCNID)
	haveVCN := err == nil
	if err != nil && !errors.Is(err, oci.ErrNotFound) {
		return fmt.Errorf("simulator: reading the VCN: %w", err)
	}

	avoid := []netip.Prefix{s.Peering.Pool}
	for _, p := range []netip.Prefix{s.Peering.Primary, s.Peering.Secondary} {
		if p.IsValid() {
			avoid = append(avoid, p)
		}
	}
	if haveVNet {
		avoid = append(avoid, vnet.AddressSpace...)
	}
	if haveVCN {
		avoid = append(avoid, vcn.CIDRs...)
	}
	// What the estate's other networks already hold is not free either.
	for _, sp := range s.Azure.Spokes {
		if v, err := az.GetVirtualNetwork(ctx, sp.ResourceGroup, sp.VirtualNetwork); err == nil {
			avoid = append(avoid, v.AddressSpace...)
		}
	}
	for _, vc := range s.OCI.VCNs {
		if v, err := oc.GetVCN(ctx, vc.VCNID); err == nil {
			avoid = append(avoid, v.CIDRs...)
		}
	}

	if !haveVNet {
		v := sim.VirtualNetwork{SubscriptionID: s.Azure.SubscriptionID, ResourceGroup: s.Azure.ResourceGroup,
			Name: s.Azure.VirtualNetwork, Region: s.Azure.Region, Subnets: map[string]netip.Prefix{}}
		gw := s.Azure.Gateway.SubnetPrefix
		var space netip.Prefix
		if gw.IsValid() {
			// The library creates the GatewaySubnet the spec asks for:
			// make the VNet around it.
			space, _ = gw.Addr().Prefix(min(16, gw.Bits()))
		} else {
			if space, err = free16(avoid); err != nil {
				return err
			}
			v.Subnets[azure.GatewaySubnetName] = netip.PrefixFrom(addOctet(space.Addr(), 2, 255), 27)
			gw = v.Subnets[azure.GatewaySubnetName]
		}
		for i := byte(1); i < 255; i++ {
			if app := netip.PrefixFrom(addOctet(space.Addr(), 2, i), 24); !app.Overlaps(gw) && space.Contains(app.Addr()) {
				v.Subnets["default"] = app
				break
			}
		}
		v.AddressSpace = []netip.Prefix{space}
		w.AddVirtualNetwork(v)
		avoid = append(avoid, space)
		fmt.Fprintf(log, "Simulator: seeded VNet %s/%s in %s, address space %s, subnets %s.\n",
			v.ResourceGroup, v.Name, v.Region, space, describeSubnets(v.Subnets))
	}
	if !haveVCN {
		cidr, err := free16(avoid)
		if err != nil {
			return err
		}
		w.AddVCN(sim.VCN{ID: s.OCI.VCNID, CompartmentID: s.OCI.CompartmentID, Region: s.OCI.Region,
			CIDRs: []netip.Prefix{cidr}, DisplayName: "vcn-" + s.Name})
		avoid = append(avoid, cidr)
		fmt.Fprintf(log, "Simulator: seeded VCN %s in %s, CIDR %s, with its default route table.\n", s.OCI.VCNID, s.OCI.Region, cidr)
	}
	// The estate: spoke VNets and more VCNs, each a free 10.z.0.0/16.
	for i, sp := range s.Azure.Spokes {
		if _, err := az.GetVirtualNetwork(ctx, sp.ResourceGroup, sp.VirtualNetwork); err == nil {
			continue
		} else if !errors.Is(err, azure.ErrNotFound) {
			return fmt.Errorf("simulator: reading spoke %s: %w", sp.VirtualNetwork, err)
		}
		space, err := free16(avoid)
		if err != nil {
			return err
		}
		avoid = append(avoid, space)
		v := sim.VirtualNetwork{SubscriptionID: s.Azure.SubscriptionID, ResourceGroup: sp.ResourceGroup, Name: sp.VirtualNetwork,
			Region: s.Azure.Region, AddressSpace: []netip.Prefix{space},
			Subnets: map[string]netip.Prefix{"default": netip.PrefixFrom(addOctet(space.Addr(), 2, 1), 24)}}
		w.AddVirtualNetwork(v)
		fmt.Fprintf(log, "Simulator: seeded spoke VNet %s/%s (azure.spokes[%d]) in %s, address space %s.\n", v.ResourceGroup, v.Name, i, v.Region, space)
	}
	for i, vc := range s.OCI.VCNs {
		if _, err := oc.GetVCN(ctx, vc.VCNID); err == nil {
			continue
		} else if !errors.Is(err, oci.ErrNotFound) {
			return fmt.Errorf("simulator: reading VCN %s: %w", vc.VCNID, err)
		}
		cidr, err := free16(avoid)
		if err != nil {
			return err
		}
		avoid = append(avoid, cidr)
		w.AddVCN(sim.VCN{ID: vc.VCNID, CompartmentID: vc.CompartmentID, Region: s.OCI.Region,
			CIDRs: []netip.Prefix{cidr}, DisplayName: fmt.Sprintf("vcn-%s-%d", s.Name, i)})
		fmt.Fprintf(log, "Simulator: seeded VCN %s (oci.vcns[%d]) in %s, CIDR %s, with its default route table.\n", vc.VCNID, i, s.OCI.Region, cidr)
		for j, id := range vc.RouteTableIDs {
			w.AddRouteTable(sim.RouteTable{ID: id, VCNID: vc.VCNID, DisplayName: fmt.Sprintf("rt-%d-%d", i, j+1)})
		}
	}
	if id := s.OCI.DRGID; id != "" {
		if _, err := oc.GetDRG(ctx, id); errors.Is(err, oci.ErrNotFound) {
			w.AddDRG(sim.DRG{ID: id, CompartmentID: s.OCI.CompartmentID, DisplayName: "drg-" + s.Name, Region: s.OCI.Region})
			fmt.Fprintf(log, "Simulator: seeded DRG %s (oci.drgId).\n", id)
		} else if err != nil {
			return fmt.Errorf("simulator: reading the DRG: %w", err)
		}
	}
	for i, id := range s.OCI.RouteTableIDs {
		if _, err := oc.GetRouteTable(ctx, id); errors.Is(err, oci.ErrNotFound) {
			w.AddRouteTable(sim.RouteTable{ID: id, VCNID: s.OCI.VCNID, DisplayName: fmt.Sprintf("rt-%d", i+1)})
			fmt.Fprintf(log, "Simulator: seeded route table %s of the VCN (oci.routeTableIds[%d]).\n", id, i)
		} else if err != nil {
			return fmt.Errorf("simulator: reading route table %s: %w", id, err)
		}
	}
	return nil
}

// free16 returns the first 10.x.0.0/16 (10.10, 10.20, …, then any) that
// overlaps nothing in avoid.
func free16(avoid []netip.Prefix) (netip.Prefix, error) {
	var candidates []byte
	for x := 10; x < 256; x += 10 {
		candidates = append(candidates, byte(x))
	}
	for x := 0; x < 256; x++ {
		candidates = append(candidates, byte(x))
	}
	for _, x := range candidates {
		p := netip.PrefixFrom(netip.AddrFrom4([4]byte{10, x, 0, 0}), 16)
		clear := true
		for _, a := range avoid {
			if a.Overlaps(p) {
				clear = false
				break
			}
		}
		if clear {
			return p, nil
		}
	}
	return netip.Prefix{}, errors.New("simulator: no free 10.x.0.0/16 left to seed a network in")
}

// addOctet returns a with its octet i (0-based) set to v.
func addOctet(a netip.Addr, i int, v byte) netip.Addr {
	b := a.As4()
	b[i] = v
	return netip.AddrFrom4(b)
}

func describeSubnets(m map[string]netip.Prefix) string {
	var parts []string
	for _, name := range []string{"default", azure.GatewaySubnetName} {
		if p, ok := m[name]; ok {
			parts = append(parts, name+" "+p.String())
		}
	}
	return strings.Join(parts, " and ")
}
