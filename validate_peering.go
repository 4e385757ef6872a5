package interconnect

// This file: the offline checks of the spec's peering section: the BGP
// /30s, the pool they are carved from, the VLAN and the MD5 key.

import (
	"fmt"
	"net/netip"
	"strings"
	"unicode/utf8"

	"github.com/azoci/interconnect/ipam"
)

// reservedRanges may not hold the BGP blocks or the pool.
var reservedRanges = []struct {
	prefix netip.Prefix
	what   string
}{
	{netip.MustParsePrefix("0.0.0.0/8"), "\"this network\""},
	{netip.MustParsePrefix("127.0.0.0/8"), "loopback"},
	{netip.MustParsePrefix("169.254.0.0/16"), "link-local"},
	{netip.MustParsePrefix("224.0.0.0/4"), "multicast"},
	{netip.MustParsePrefix("240.0.0.0/4"), "reserved"},
}

func (v *validator) peering() {
	p, d := v.s.Peering, v.d.Peering
	gw := v.s.Azure.Gateway.SubnetPrefix
	gwUsable := gw.IsValid() && gw.Addr().Is4()

	explicit := p.Primary.IsValid() || p.Secondary.IsValid()
	if !p.Primary.IsValid() && p.Secondary.IsValid() {
		v.add("peering.primary", "", "is missing while peering.secondary is set; set both primary and secondary, or neither to allocate them from peering.pool")
	}
	if p.Primary.IsValid() && !p.Secondary.IsValid() {
		v.add("peering.secondary", "", "is missing while peering.primary is set; set both primary and secondary, or neither to allocate them from peering.pool")
	}

	// The pool: its form when the user set it. It may overlap the networks:
	// the /30s come from its free part. Offline, only the gateway subnet is
	// known; the VNet and VCN are avoided when Plan allocates.
	poolOK := !p.Pool.IsValid() || v.pool(p.Pool)
	if pool := d.Pool; poolOK && gwUsable && !explicit {
		if _, _, err := ipam.AllocatePair(pool, []netip.Prefix{gw}); err != nil {
			value, note := pool.String(), ""
			if !p.Pool.IsValid() {
				value, note = "", fmt.Sprintf(" (the default pool %s)", pool)
			}
			v.add("peering.pool", value, fmt.Sprintf("has fewer than two free /30s outside azure.gateway.subnetPrefix %s%s; choose a larger pool, or one that overlaps the gateway subnet less", gw, note))
		}
	}

	// Explicit /30s.
	ok := true
	for _, b := range []struct {
		field string
		p     netip.Prefix
	}{{"peering.primary", p.Primary}, {"peering.secondary", p.Secondary}} {
		if !b.p.IsValid() {
			continue
		}
		if _, err := ipam.NewSubnet(b.p); err != nil {
			ok = false
			value, problem := b.p.String(), strings.TrimPrefix(err.Error(), "ipam: ")
			problem = strings.TrimPrefix(problem, value+" ")
			v.add(b.field, value, problem)
			continue
		}
		if r, bad := reservedRange(b.p); bad {
			ok = false
			v.add(b.field, b.p.String(), fmt.Sprintf("is inside %s (%s), which cannot carry BGP peering; use a /30 from a private range such as 192.168.240.0/30", r.prefix, r.what))
			continue
		}
		if gwUsable && b.p.Overlaps(gw) {
			ok = false
			v.add(b.field, b.p.String(), fmt.Sprintf("overlaps azure.gateway.subnetPrefix %s; choose a /30 outside the gateway subnet", gw))
		}
	}
	if ok && p.Primary.IsValid() && p.Secondary.IsValid() {
		if p.Primary == p.Secondary {
			v.add("peering.secondary", p.Secondary.String(), "is the same block as peering.primary; the two BGP sessions need two different /30s")
		} else {
			// ipam has the last word on a user-given pair.
			var avoid []netip.Prefix
			if gwUsable {
				avoid = append(avoid, gw)
			}
			for _, r := range reservedRanges {
				avoid = append(avoid, r.prefix)
			}
			if _, _, err := ipam.ValidatePair(p.Primary, p.Secondary, avoid); err != nil {
				v.add("peering", "", ipamProblem(err))
			}
		}
	}

	switch vlan := p.VLAN; {
	case vlan == 0:
	case vlan < minVLAN || vlan > maxVLAN:
		v.add("peering.vlan", itoa(vlan), fmt.Sprintf("is outside %d–%d; choose a VLAN ID in that range, or leave vlan unset for the default, 100", minVLAN, maxVLAN))
	}

	key := p.MD5AuthKey.Reveal()
	if utf8.RuneCountInString(key) > maxMD5KeyLen {
		v.add("peering.md5AuthKey", "", fmt.Sprintf("is longer than the %d characters a BGP MD5 key may have; use a shorter key", maxMD5KeyLen))
	}
	if strings.IndexFunc(key, func(r rune) bool { return r < 0x20 || r > 0x7e }) >= 0 {
		v.add("peering.md5AuthKey", "", "contains a character that is not printable ASCII; use only letters, digits, punctuation and spaces")
	}
}

// pool checks the form of a user-given peering.pool and reports whether it
// is fine.
func (v *validator) pool(pool netip.Prefix) bool {
	n := len(v.errs.Problems)
	value := pool.String()
	switch {
	case !pool.Addr().Is4():
		v.add("peering.pool", value, "is not IPv4; BGP peering over ExpressRoute and FastConnect uses IPv4 /30s, so give an IPv4 prefix such as 192.168.240.0/24")
	case pool.Masked() != pool:
		v.add("peering.pool", value, fmt.Sprintf("has host bits set; did you mean %v?", pool.Masked()))
	case pool.Bits() < minPoolBits:
		v.add("peering.pool", value, fmt.Sprintf("is larger than a /%d; give a private range from /%d to /%d, such as 192.168.240.0/24 or 10.0.0.0/8", minPoolBits, minPoolBits, maxPoolBits))
	case pool.Bits() > maxPoolBits:
		v.add("peering.pool", value, fmt.Sprintf("is smaller than a /%d and cannot hold the two BGP /30s; use a /%d or larger", maxPoolBits, maxPoolBits))
	default:
		if r, bad := reservedRange(pool); bad {
			v.add("peering.pool", value, fmt.Sprintf("overlaps %s (%s), which cannot carry BGP peering; use a private range such as 192.168.240.0/24", r.prefix, r.what))
		}
	}
	return len(v.errs.Problems) == n
}

func reservedRange(p netip.Prefix) (r struct {
	prefix netip.Prefix
	what   string
}, found bool) {
	for _, r := range reservedRanges {
		if r.prefix.Overlaps(p) {
			return r, true
		}
	}
	return r, false
}
