package ipam

import (
	"fmt"
	"net/netip"
	"slices"
)

// ExhaustedError is the error [AllocatePair] returns when its pool, after
// removing every avoided prefix, holds fewer than two free /30 blocks. Use
// [errors.As] to detect it.
type ExhaustedError struct {
	Pool netip.Prefix // the pool, as given
	Free int          // number of free /30 blocks found: 0 or 1
}

// Error implements the error interface.
func (e *ExhaustedError) Error() string {
	blocks := "blocks"
	if e.Free == 1 {
		blocks = "block"
	}
	return fmt.Sprintf("ipam: pool %v is exhausted: %d free /30 %s left after excluding the avoided prefixes, need 2; use a larger pool, or one that overlaps neither the VNet nor the VCN", e.Pool, e.Free, blocks)
}

// AllocatePair returns the two lowest-addressed /30 blocks inside pool that
// overlap no prefix in avoid, primary being the lower of the two.
//
// pool must be a masked IPv4 prefix of /29 or shorter (a /30 holds only one
// block); AllocatePair returns an error naming the problem and the fix if pool
// is the zero Prefix, IPv6 (including IPv4-mapped IPv6), longer than /29, or
// not masked (the error suggests the masked form). If fewer than two blocks
// are free it returns an [*ExhaustedError] saying how many (0 or 1) were. On
// error both Subnets are zero.
//
// avoid may hold prefixes of any length from /0 to /32, in any order, nested,
// duplicated, unmasked (they are masked first: 10.1.2.3/16 avoids
// 10.1.0.0/16), larger than pool or outside it. IPv6 prefixes,
// including IPv4-mapped ones, and invalid prefixes (such as the zero Prefix)
// are ignored. avoid is not modified, and its order does not affect the
// result.
//
// The whole address space works: pool may be 0.0.0.0/0, and blocks at the top
// of the space (255.255.255.248/30, 255.255.255.252/30) can be allocated.
//
// AllocatePair runs in O(n log n) time for n = len(avoid), however large the
// pool: it sorts the avoided blocks that fall in the pool and walks the gaps
// between them, never the individual /30s of the pool. It does not allocate
// memory when len(avoid) <= 16.
func AllocatePair(pool netip.Prefix, avoid []netip.Prefix) (primary, secondary Subnet, err error) {
	if err := checkPool(pool); err != nil {
		return Subnet{}, Subnet{}, err
	}
	exhausted := func(free int) (Subnet, Subnet, error) {
		return Subnet{}, Subnet{}, &ExhaustedError{Pool: pool, Free: free}
	}

	// The pool is the half-open interval [lo, hi) of IPv4 addresses as
	// integers. hi is a uint64 because it is 1<<32 at the top of the space.
	lo := uint64(addrToU32(pool.Addr()))
	hi := lo + 1<<(32-pool.Bits())

	// Collect the avoided blocks inside the pool, each as start<<6 | log2(size)
	// so that a plain integer sort orders them by start address. Two CIDR
	// blocks are either nested or disjoint, so an avoided prefix that overlaps
	// the pool either covers all of it or lies wholly inside it: no clipping.
	var buf [16]uint64
	blocks := buf[:0]
	if len(avoid) > len(buf) {
		blocks = make([]uint64, 0, len(avoid))
	}
	for _, a := range avoid {
		if !a.IsValid() || !a.Addr().Is4() {
			continue
		}
		a = a.Masked()
		if !a.Overlaps(pool) {
			continue
		}
		if a.Bits() <= pool.Bits() {
			return exhausted(0)
		}
		blocks = append(blocks, uint64(addrToU32(a.Addr()))<<6|uint64(32-a.Bits()))
	}
	slices.Sort(blocks)

	// Walk the gaps between the (possibly overlapping) sorted blocks from the
	// bottom of the pool, taking aligned /30s until two are found. Each gap
	// yields at most two, so the walk is O(len(blocks)).
	var found [2]uint64
	n := 0
	take := func(from, to uint64) {
		for c := (from + 3) &^ 3; n < len(found) && c+4 <= to; c += 4 {
			found[n] = c
			n++
		}
	}
	cur := lo // every address below cur is either taken or avoided
	for _, b := range blocks {
		start, end := b>>6, b>>6+1<<(b&63)
		if start > cur {
			take(cur, start)
			if n == len(found) {
				break
			}
		}
		cur = max(cur, end)
	}
	if n < len(found) {
		take(cur, hi)
	}
	if n < len(found) {
		return exhausted(n)
	}
	return subnetAt(uint32(found[0])), subnetAt(uint32(found[1])), nil
}

// checkPool returns nil if pool is a masked IPv4 prefix of /29 or shorter.
func checkPool(pool netip.Prefix) error {
	const want = "a masked IPv4 prefix of /29 or shorter, such as 192.168.240.0/24"
	if err := checkIPv4(pool, "pool", want); err != nil {
		return err
	}
	if pool.Bits() > 29 {
		return fmt.Errorf("ipam: pool %v is too small: a /%d cannot hold two /30 blocks; use a /29 or shorter", pool, pool.Bits())
	}
	return checkMasked(pool, "pool")
}
