package ipam

import (
	"errors"
	"fmt"
	"net/netip"
	"slices"
)

// ValidatePair checks a user-chosen pair of BGP peering blocks and returns
// their Subnets.
//
// Each of primary and secondary must be a masked IPv4 /30 (as for
// [NewSubnet]); they must be different blocks (two different masked /30s are
// always disjoint); and neither may overlap any prefix in avoid. Their order
// is not checked: primary may be above secondary. avoid is treated as by
// [AllocatePair]: entries are masked first, IPv6 (including IPv4-mapped) and
// invalid entries are ignored, and avoid is not modified.
//
// ValidatePair reports every problem, not just the first: the error is an
// [errors.Join] of one error per problem, each naming "primary" or
// "secondary" and, for an overlap, the avoided prefix (once per distinct
// masked prefix, in avoid's order). On error both Subnets are zero.
func ValidatePair(primary, secondary netip.Prefix, avoid []netip.Prefix) (Subnet, Subnet, error) {
	var errs []error
	check := func(label string, p netip.Prefix) (Subnet, bool) {
		if err := checkBlock(p, label); err != nil {
			errs = append(errs, err)
			return Subnet{}, false
		}
		return subnetAt(addrToU32(p.Addr())), true
	}
	ps, pok := check("primary", primary)
	ss, sok := check("secondary", secondary)
	if pok && sok && ps == ss {
		errs = append(errs, fmt.Errorf("ipam: primary and secondary are both %v; choose two different /30 blocks", primary))
	}
	for _, c := range []struct {
		label string
		s     Subnet
		ok    bool
	}{{"primary", ps, pok}, {"secondary", ss, sok}} {
		if !c.ok {
			continue
		}
		var seen []netip.Prefix // a /30 overlaps at most 37 distinct masked prefixes
		for _, a := range avoid {
			if !a.IsValid() || !a.Addr().Is4() {
				continue
			}
			m := a.Masked()
			if !m.Overlaps(c.s.Prefix) || slices.Contains(seen, m) {
				continue
			}
			seen = append(seen, m)
			written := ""
			if m != a {
				written = fmt.Sprintf(" (given as %v)", a)
			}
			errs = append(errs, fmt.Errorf("ipam: %s %v overlaps avoided prefix %v%s; choose a /30 outside it", c.label, c.s.Prefix, m, written))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return Subnet{}, Subnet{}, err
	}
	return ps, ss, nil
}
