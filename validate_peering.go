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
	v.blocksPresent("peering", BGPBlocks{p.Primary, p.Secondary})

	// The pool: its form when the user set it. It may overlap the networks:
	// the /30s come from its free part. Offline, only the gateway subnet is
	// known; the VNet and VCN are avoided when Plan allocates.
	poolOK := !p.Pool.IsValid() || v.pool(p.Pool)
	v.poolOK = poolOK
	if pool := d.Pool; poolOK && gwUsable && !explicit && !v.d.Maximum() {
		if _, _, err := ipam.AllocatePair(pool, []netip.Prefix{gw}); err != nil {
			value, note := pool.String(), ""
			if !p.Pool.IsValid() {
				value, note = "", fmt.Sprintf(" (the default pool %s)", pool)
			}
			v.add("peering.pool", value, fmt.Sprintf("has fewer than two free /30s outside azure.gateway.subnetPrefix %s%s; choose a larger pool, or one that overlaps the gateway subnet less", gw, note))
		}
	}

	// Explicit /30s.
	v.blocks("peering", BGPBlocks{p.Primary, p.Secondary})

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

// blocksPresent reports a pair of explicit BGP blocks given by half: both or
// neither. field is where they are ("peering", "peering.secondLocation").
func (v *validator) blocksPresent(field string, b BGPBlocks) {
	if !b.Primary.IsValid() && b.Secondary.IsValid() {
		v.add(field+".primary", "", "is missing while "+field+".secondary is set; set both primary and secondary, or neither to allocate them from peering.pool")
	}
	if b.Primary.IsValid() && !b.Secondary.IsValid() {
		v.add(field+".secondary", "", "is missing while "+field+".primary is set; set both primary and secondary, or neither to allocate them from peering.pool")
	}
}

// blocks checks the form of a pair of explicit BGP blocks (each a masked
// IPv4 /30 outside the reserved ranges and the gateway subnet, the two
// different) and reports whether every block given is fine.
func (v *validator) blocks(field string, b BGPBlocks) bool {
	gw := v.s.Azure.Gateway.SubnetPrefix
	gwUsable := gw.IsValid() && gw.Addr().Is4()
	ok := true
	for _, x := range []struct {
		field string
		p     netip.Prefix
	}{{field + ".primary", b.Primary}, {field + ".secondary", b.Secondary}} {
		if !x.p.IsValid() {
			continue
		}
		if _, err := ipam.NewSubnet(x.p); err != nil {
			ok = false
			value, problem := x.p.String(), strings.TrimPrefix(err.Error(), "ipam: ")
			problem = strings.TrimPrefix(problem, value+" ")
			v.add(x.field, value, problem)
			continue
		}
		if r, bad := reservedRange(x.p); bad {
			ok = false
			v.add(x.field, x.p.String(), fmt.Sprintf("is inside %s (%s), which cannot carry BGP peering; use a /30 from a private range such as 192.168.240.0/30", r.prefix, r.what))
			continue
		}
		if gwUsable && x.p.Overlaps(gw) {
			ok = false
			v.add(x.field, x.p.String(), fmt.Sprintf("overlaps azure.gateway.subnetPrefix %s; choose a /30 outside the gateway subnet", gw))
		}
	}
	if ok && b.Primary.IsValid() && b.Secondary.IsValid() {
		if b.Primary == b.Secondary {
			ok = false
			v.add(field+".secondary", b.Secondary.String(), "is the same block as "+field+".primary; the two BGP sessions need two different /30s")
		} else {
			// ipam has the last word on a user-given pair.
			var avoid []netip.Prefix
			if gwUsable {
				avoid = append(avoid, gw)
			}
			for _, r := range reservedRanges {
				avoid = append(avoid, r.prefix)
			}
			if _, _, err := ipam.ValidatePair(b.Primary, b.Secondary, avoid); err != nil {
				ok = false
				v.add(field, "", ipamProblem(err))
			}
		}
	}
	return ok
}
