package ipam

import (
	"encoding/binary"
	"fmt"
	"net/netip"
)

// Subnet is one BGP peering block: a masked IPv4 /30 and the two usable
// addresses in it.
//
// Prefix is the block, for example 192.168.240.0/30. Oracle is its first
// usable address (.1 of the block, here 192.168.240.1), configured on the OCI
// side; Customer is its second usable address (.2, here 192.168.240.2),
// configured on the customer (Azure) side.
//
// Every Subnet returned by [NewSubnet], [AllocatePair] or [ValidatePair]
// satisfies these invariants; [Subnet.IsValid] checks them for a Subnet built
// by hand. The zero Subnet is invalid. Subnet is a small comparable value:
// compare Subnets with ==.
type Subnet struct {
	Prefix   netip.Prefix
	Oracle   netip.Addr
	Customer netip.Addr
}

// NewSubnet returns the Subnet for the block p.
//
// p must be a masked IPv4 /30 (its host bits zero), such as 192.168.240.0/30.
// NewSubnet returns an error naming the problem and the fix if p is the zero
// or an otherwise invalid Prefix, an IPv6 prefix (including an IPv4-mapped one
// such as ::ffff:192.168.240.0/126, see the package documentation), a prefix
// of any length other than /30, or not masked (for 192.168.1.5/30 the error
// suggests 192.168.1.4/30). NewSubnet never guesses: it does not mask or unmap
// its argument.
func NewSubnet(p netip.Prefix) (Subnet, error) {
	if err := checkBlock(p, ""); err != nil {
		return Subnet{}, err
	}
	return subnetAt(addrToU32(p.Addr())), nil
}

// IsValid reports whether s satisfies the Subnet invariants: Prefix is a
// masked IPv4 /30, Oracle is its first usable address and Customer its second.
func (s Subnet) IsValid() bool {
	return checkBlock(s.Prefix, "") == nil &&
		s.Oracle == s.Prefix.Addr().Next() &&
		s.Customer == s.Oracle.Next()
}

// OracleCIDR returns the Oracle address with the block's length, for example
// 192.168.240.1/30: the form OCI expects in a cross-connect mapping's
// OracleBgpPeeringIp. The result is deliberately not masked. It is the zero
// Prefix if s.Oracle is invalid.
func (s Subnet) OracleCIDR() netip.Prefix {
	return netip.PrefixFrom(s.Oracle, 30)
}

// CustomerCIDR returns the customer (Azure) address with the block's length,
// for example 192.168.240.2/30: the form OCI expects in a cross-connect
// mapping's CustomerBgpPeeringIp. The result is deliberately not masked. It is
// the zero Prefix if s.Customer is invalid.
func (s Subnet) CustomerCIDR() netip.Prefix {
	return netip.PrefixFrom(s.Customer, 30)
}

// String returns the block and its two peering addresses, for example
// "192.168.240.0/30 (oracle 192.168.240.1, customer 192.168.240.2)". If s is
// not valid (see [Subnet.IsValid]) it returns "invalid Subnet".
func (s Subnet) String() string {
	if !s.IsValid() {
		return "invalid Subnet"
	}
	return s.Prefix.String() + " (oracle " + s.Oracle.String() + ", customer " + s.Customer.String() + ")"
}

// subnetAt returns the Subnet of the /30 starting at x; x must be aligned to 4.
func subnetAt(x uint32) Subnet {
	return Subnet{
		Prefix:   netip.PrefixFrom(u32ToAddr(x), 30),
		Oracle:   u32ToAddr(x + 1),
		Customer: u32ToAddr(x + 2),
	}
}

// checkBlock returns nil if p is a masked IPv4 /30, or an error naming p (as
// label, if label is not empty) and the fix.
func checkBlock(p netip.Prefix, label string) error {
	if err := checkIPv4(p, label, "a masked IPv4 /30 such as 192.168.240.0/30"); err != nil {
		return err
	}
	if p.Bits() != 30 {
		return fmt.Errorf("ipam: %s is a /%d, want a /30: a BGP peering block has exactly 4 addresses (network, Oracle, customer, broadcast)", name(label, p), p.Bits())
	}
	return checkMasked(p, label)
}

// checkIPv4 returns nil if p is a valid IPv4 (not IPv4-mapped IPv6) prefix, or
// an error naming p (as label) and saying what is wanted.
func checkIPv4(p netip.Prefix, label, want string) error {
	what := "prefix"
	if label != "" {
		what = label
	}
	switch {
	case p.IsValid():
		// Checked below.
	case p.Addr().IsValid():
		// netip.PrefixFrom with a length outside [0, BitLen].
		return fmt.Errorf("ipam: %s has address %v and an out-of-range length; want %s", what, p.Addr(), want)
	default:
		return fmt.Errorf("ipam: %s is the zero (unset) prefix; want %s", what, want)
	}
	a := p.Addr()
	if a.Is4() {
		return nil
	}
	if a.Is4In6() && p.Bits() >= 96 {
		plain := netip.PrefixFrom(a.Unmap(), p.Bits()-96)
		return fmt.Errorf("ipam: %s is an IPv4-mapped IPv6 prefix; write it as plain IPv4 %v (want %s)", name(label, p), plain, want)
	}
	return fmt.Errorf("ipam: %s is IPv6; want %s", name(label, p), want)
}

// checkMasked returns nil if p has no host bits set, or an error suggesting
// the masked form.
func checkMasked(p netip.Prefix, label string) error {
	if m := p.Masked(); m != p {
		return fmt.Errorf("ipam: %s is not masked; did you mean %v?", name(label, p), m)
	}
	return nil
}

// name formats p for an error message, preceded by label if it is not empty.
func name(label string, p netip.Prefix) string {
	if label == "" {
		return p.String()
	}
	return label + " " + p.String()
}

// addrToU32 returns the IPv4 address a as a big-endian integer; a must be IPv4.
func addrToU32(a netip.Addr) uint32 {
	b := a.As4()
	return binary.BigEndian.Uint32(b[:])
}

// u32ToAddr is the inverse of addrToU32.
func u32ToAddr(x uint32) netip.Addr {
	var b [4]byte
	binary.BigEndian.PutUint32(b[:], x)
	return netip.AddrFrom4(b)
}
