package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/azoci/interconnect"
	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/sim"
)

// simOptions scales the client's timing by the simulator's: polls, the grace
// period for the provider's private peering and the wait timeout run on the
// same fast clock as the simulated clouds.
func simOptions(scale float64) []interconnect.Option {
	d := func(x time.Duration) time.Duration { return max(time.Duration(float64(x)*scale), time.Millisecond) }
	return []interconnect.Option{
		interconnect.WithPollInterval(d(15 * time.Second)),
		interconnect.WithPeeringGracePeriod(d(10 * time.Minute)),
		interconnect.WithWaitTimeout(d(30 * time.Minute)),
	}
}

// openSim loads the simulated world from the state file (or makes a new one
// when there is none) and seeds the spec's VNet and VCN into it when they are
// missing. It reports what it did on log.
func openSim(ctx context.Context, c *config, spec interconnect.Spec, log io.Writer) (*sim.World, error) {
	s := spec.WithDefaults(nil)
	opts := []sim.Option{
		sim.WithLatency(sim.DefaultLatency().Scaled(c.simScale)),
		sim.WithSubscription(s.Azure.SubscriptionID),
		sim.WithOCIRegion(s.OCI.Region),
		// monitor serves the world for days: keep its call log bounded.
		sim.WithCallLogLimit(10_000),
	}
	var w *sim.World
	f, err := os.Open(c.simState)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		w = sim.New(opts...)
		fmt.Fprintf(log, "Simulator: new world (saved to %s); time runs %g× faster than in the real clouds.\n", c.simState, 1/c.simScale)
	case err != nil:
		return nil, fmt.Errorf("simulator: %w", err)
	default:
		defer f.Close()
		w, err = sim.Load(f, opts...)
		if err != nil {
			return nil, fmt.Errorf("simulator: %s: %w (delete the file to start from an empty world)", c.simState, err)
		}
		fmt.Fprintf(log, "Simulator: loaded %s; time runs %g× faster than in the real clouds.\n", c.simState, 1/c.simScale)
	}
	if err := seed(ctx, w, s, log); err != nil {
		return nil, err
	}
	return w, nil
}

// seed adds to the world what the user is expected to bring, when it is not
// there yet: the VNet (a 10.x.0.0/16, with a GatewaySubnet unless the spec
// gives azure.gateway.subnetPrefix for the library to create), the VCN (a
// 10.y.0.0/16 that overlaps neither the VNet nor the BGP blocks), and the DRG
// and route tables the spec names. s has its defaults applied.
func seed(ctx context.Context, w *sim.World, s interconnect.Spec, log io.Writer) error {
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

// saveSim writes the world to path atomically (a temporary file renamed over
// it), readable only by the user: it holds the simulated secrets.
func saveSim(w *sim.World, path string) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".interconnect-sim-*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := w.Save(tmp); err != nil {
		return err
	}
	if err := tmp.Chmod(0o600); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
