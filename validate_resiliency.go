package interconnect

// This file: the offline checks of maximum resiliency: the resiliency key,
// the two peering locations, the preferred one, and the second location's
// BGP blocks.

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/azoci/interconnect/ipam"
)

// resiliency checks the resiliency key and the keys that only maximum
// resiliency uses.
func (v *validator) resiliency() {
	s, d := v.s, v.d
	a := s.Azure
	switch d.Resiliency {
	case ResiliencyStandard, ResiliencyMaximum:
	default:
		v.add("resiliency", s.Resiliency, "is not a resiliency; use standard (one circuit at one peering location, the default) or maximum (a circuit at each of two peering locations)")
		return
	}
	if !d.Maximum() {
		if len(a.PeeringLocations) > 0 {
			v.add("azure.peeringLocations", "", "lists the two peering locations of maximum resiliency, and resiliency is standard; set resiliency: maximum, or give the one location in azure.peeringLocation")
		}
		if a.PreferredPeeringLocation != "" {
			v.add("azure.preferredPeeringLocation", a.PreferredPeeringLocation, "weighs the connections of maximum resiliency, and resiliency is standard (one connection); remove it, or set resiliency: maximum")
		}
		if !s.Peering.SecondLocation.IsZero() {
			v.add("peering.secondLocation", "", "holds the BGP blocks of the second peering location, and resiliency is standard (one location); remove it, or set resiliency: maximum")
		}
		return
	}
	v.secondLocationBlocks()
	pair, ok := v.c.ByAzureRegion(d.Azure.Region)
	if !ok {
		return // azure.region reports it
	}
	if len(pair.PeeringLocations) < 2 {
		v.add("resiliency", s.Resiliency, fmt.Sprintf("needs two peering locations, and Azure region %s (paired with %s) has one, %s; the region pairs with two are %s: use one of those, or resiliency: standard",
			pair.AzureRegion, pair.OCIRegion, pair.DefaultPeeringLocation(), andList(v.c.twoLocationPairs())))
		return
	}
	if a.PeeringLocation != "" && len(a.PeeringLocations) > 0 {
		v.add("azure.peeringLocations", "", "is set together with azure.peeringLocation; keep one: remove azure.peeringLocation (the first of peeringLocations is the first location), or remove peeringLocations to pair azure.peeringLocation with the region pair's other location")
	}
	if n := len(a.PeeringLocations); n > 0 {
		if n != 2 {
			v.add("azure.peeringLocations", "", fmt.Sprintf("has %d entries; list exactly two distinct peering locations of the %s ↔ %s pair, from %s", n, pair.AzureRegion, pair.OCIRegion, quoteList(pair.PeeringLocations)))
		}
		seen := map[string]int{}
		for i, l := range a.PeeringLocations {
			field := fmt.Sprintf("azure.peeringLocations[%d]", i)
			switch j, dup := seen[squash(l)]; {
			case !pair.HasPeeringLocation(l):
				v.add(field, l, fmt.Sprintf("is not a peering location of the %s ↔ %s pair; use %s", pair.AzureRegion, pair.OCIRegion, quoteList(pair.PeeringLocations)))
			case dup:
				v.add(field, l, fmt.Sprintf("is the same location as azure.peeringLocations[%d]; maximum resiliency needs two distinct locations", j))
			default:
				seen[squash(l)] = i
			}
		}
	}
	if p := a.PreferredPeeringLocation; p != "" {
		locs := d.Locations()
		if !strings.EqualFold(squash(p), squash(locs[0])) && (len(locs) < 2 || !strings.EqualFold(squash(p), squash(locs[1]))) {
			v.add("azure.preferredPeeringLocation", p, fmt.Sprintf("is not one of the interconnect's peering locations, %s; name one of them, or remove it for equal weights", quoteList(locs)))
		}
	}
}

// secondLocationBlocks checks peering.secondLocation: its form, and that
// the four blocks of the two locations do not overlap; without explicit
// blocks, that the pool holds what maximum resiliency takes from it.
func (v *validator) secondLocationBlocks() {
	p := v.s.Peering
	second := p.SecondLocation
	v.blocksPresent("peering.secondLocation", second)
	secondOK := v.blocks("peering.secondLocation", second) && second.Primary.IsValid() && second.Secondary.IsValid()
	first := []struct {
		field string
		p     netip.Prefix
	}{{"peering.primary", p.Primary}, {"peering.secondary", p.Secondary}}
	if secondOK {
		for _, b := range []struct {
			field string
			p     netip.Prefix
		}{{"peering.secondLocation.primary", second.Primary}, {"peering.secondLocation.secondary", second.Secondary}} {
			for _, f := range first {
				if f.p.IsValid() && f.p.Overlaps(b.p) {
					v.add(b.field, b.p.String(), fmt.Sprintf("overlaps %s %s; the four BGP /30s of the two locations must all differ", f.field, f.p))
				}
			}
		}
	}

	// The blocks taken from the pool: two per location without explicit
	// ones, outside the gateway subnet and the explicit blocks.
	gw := v.s.Azure.Gateway.SubnetPrefix
	pool := v.d.Peering.Pool
	if !v.poolOK {
		return // peering.pool reports it
	}
	var avoid []netip.Prefix
	if gw.IsValid() && gw.Addr().Is4() {
		avoid = append(avoid, gw)
	}
	need := 0
	for _, b := range []BGPBlocks{{p.Primary, p.Secondary}, second} {
		if b.IsZero() {
			need += 2
		} else {
			avoid = append(avoid, b.Primary, b.Secondary)
		}
	}
	if need == 0 {
		return
	}
	free := 0
	for range need / 2 {
		p1, p2, err := ipam.AllocatePair(pool, avoid)
		if err != nil {
			break
		}
		free += 2
		avoid = append(avoid, p1.Prefix, p2.Prefix)
	}
	if free < need {
		value, note := pool.String(), ""
		if !p.Pool.IsValid() {
			value, note = "", fmt.Sprintf(" (the default pool %s)", pool)
		}
		v.add("peering.pool", value, fmt.Sprintf("has fewer than the %d free /30s maximum resiliency takes from it (two per location without explicit blocks) outside azure.gateway.subnetPrefix and the explicit blocks%s; choose a larger pool, or give the blocks explicitly", need, note))
	}
}

// twoLocationPairs lists the pairs of c with two peering locations or more,
// as "eastus ↔ us-ashburn-1 (Washington DC, Washington DC2)".
func (c *Catalog) twoLocationPairs() []string {
	var out []string
	for _, p := range c.Pairs() {
		if len(p.PeeringLocations) >= 2 {
			out = append(out, p.String())
		}
	}
	return out
}
