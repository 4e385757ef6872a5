package ipam

import (
	"errors"
	"net/netip"
	"slices"
	"testing"
)

// Fuzz input flags.
const (
	fuzzUnmaskedPool = 1 << iota // keep the pool's host bits
	fuzzAbsolute                 // avoid addresses are absolute, not offsets into the pool
	fuzzAddIPv6                  // add an IPv6 avoid prefix
	fuzzAdd4in6                  // add the 4-in-6 form of the pool to avoid
	fuzzAddZero                  // add the zero Prefix to avoid
	fuzzDuplicate                // add the first avoid prefix again
)

// FuzzAllocatePair decodes a pool and up to four avoid prefixes (plus extras
// chosen by flags) and checks AllocatePair's invariants; see checkAllocation.
func FuzzAllocatePair(f *testing.F) {
	f.Add(uint32(0xc0a8f000), uint8(24), uint8(0), uint32(0), uint8(30), uint32(5), uint8(32), uint32(0), uint8(33), uint32(0), uint8(33))
	f.Add(uint32(0), uint8(0), uint8(fuzzAbsolute), uint32(0), uint8(1), uint32(0x80000000), uint8(2), uint32(0xc0000000), uint8(3), uint32(0xe0000000), uint8(4))
	f.Add(uint32(0xfffffff8), uint8(29), uint8(fuzzAdd4in6|fuzzAddIPv6), uint32(3), uint8(32), uint32(0), uint8(33), uint32(0), uint8(33), uint32(0), uint8(33))
	f.Add(uint32(0x0a000005), uint8(24), uint8(fuzzUnmaskedPool), uint32(0), uint8(30), uint32(0), uint8(33), uint32(0), uint8(33), uint32(0), uint8(33))
	f.Fuzz(func(t *testing.T, poolAddr uint32, poolBits, flags uint8, a0 uint32, b0 uint8, a1 uint32, b1 uint8, a2 uint32, b2 uint8, a3 uint32, b3 uint8) {
		pool := netip.PrefixFrom(u32ToAddr(poolAddr), int(poolBits%34)) // /33 is invalid
		if flags&fuzzUnmaskedPool == 0 {
			pool = pool.Masked()
		}
		var avoid []netip.Prefix
		for _, e := range [...]struct {
			a uint32
			b uint8
		}{{a0, b0}, {a1, b1}, {a2, b2}, {a3, b3}} {
			if e.b%34 == 33 {
				continue // no entry
			}
			a := e.a
			if flags&fuzzAbsolute == 0 && pool.IsValid() && pool.Addr().Is4() {
				// An offset from the pool's start, wrapping: usually inside it.
				size := uint64(1) << (32 - pool.Bits())
				a = uint32(uint64(addrToU32(pool.Masked().Addr())) + uint64(a)%(size+8))
			}
			avoid = append(avoid, netip.PrefixFrom(u32ToAddr(a), int(e.b%34)))
		}
		if flags&fuzzAddIPv6 != 0 {
			avoid = append(avoid, netip.MustParsePrefix("::/0"))
		}
		if flags&fuzzAdd4in6 != 0 && pool.Addr().Is4() {
			avoid = append(avoid, netip.PrefixFrom(netip.AddrFrom16(pool.Addr().As16()), 96+pool.Bits()))
		}
		if flags&fuzzAddZero != 0 {
			avoid = append(avoid, netip.Prefix{})
		}
		if flags&fuzzDuplicate != 0 && len(avoid) > 0 {
			avoid = append(avoid, avoid[0])
		}

		before := slices.Clone(avoid)
		p, s, err := AllocatePair(pool, avoid)
		if !slices.Equal(before, avoid) {
			t.Fatalf("avoid modified: %v -> %v", before, avoid)
		}
		if err := checkAllocation(pool, avoid, p, s, err); err != nil {
			t.Fatalf("AllocatePair(%v, %v) = %v, %v, %v: %v", pool, avoid, p, s, err, err)
		}
	})
}

// checkAllocation checks one AllocatePair result against the invariants, an
// exact reference (gapFree) and, for small pools, a brute-force walk.
func checkAllocation(pool netip.Prefix, avoid []netip.Prefix, p, s Subnet, err error) error {
	wellFormed := pool.IsValid() && pool.Addr().Is4() && pool.Bits() <= 29 && pool.Masked() == pool
	if !wellFormed {
		var ex *ExhaustedError
		if err == nil || errors.As(err, &ex) {
			return errorf("bad pool: want a pool error, got %v", err)
		}
		return nil
	}
	ref := gapFree(pool, avoid)
	if pool.Bits() >= 20 { // at most 1024 /30s: cross-check the reference
		if bf := bruteFree(pool, avoid, 2); !slices.Equal(bf, ref) {
			return errorf("references disagree: brute force %v, gaps %v", bf, ref)
		}
	}
	if err != nil {
		var ex *ExhaustedError
		if !errors.As(err, &ex) || ex.Free >= 2 || ex.Free != len(ref) || ex.Pool != pool {
			return errorf("error %v, but the reference finds %v", err, ref)
		}
		return nil
	}
	for _, x := range []Subnet{p, s} {
		if !x.IsValid() {
			return errorf("%#v is not a valid Subnet", x)
		}
		if x.Prefix.Bits() != 30 || x.Prefix.Masked() != x.Prefix || !pool.Contains(x.Prefix.Addr()) {
			return errorf("%v is not a masked /30 inside %v", x.Prefix, pool)
		}
		if overlapsAny(x.Prefix, avoid) {
			return errorf("%v overlaps avoid", x.Prefix)
		}
	}
	if p.Prefix.Overlaps(s.Prefix) || !p.Prefix.Addr().Less(s.Prefix.Addr()) {
		return errorf("primary %v not below and disjoint from secondary %v", p.Prefix, s.Prefix)
	}
	if len(ref) != 2 || ref[0] != p.Prefix || ref[1] != s.Prefix {
		return errorf("not the lowest free pair: reference %v", ref)
	}
	return nil
}

// gapFree returns the (at most two) lowest free /30s of a well-formed pool
// without walking it: the lowest free /30 is either the pool's first or the
// first aligned /30 after the end of an avoided prefix, and the second is
// either the one right after the first or again after an avoided prefix. So it
// is enough to test those O(len(avoid)) candidates, using net/netip only.
func gapFree(pool netip.Prefix, avoid []netip.Prefix) []netip.Prefix {
	cands := []netip.Addr{pool.Addr()}
	for _, a := range avoid {
		if !a.IsValid() || !a.Addr().Is4() {
			continue
		}
		m := a.Masked()
		last := addrToU32(m.Addr()) | ^uint32(0)>>m.Bits() // last address of m
		if next := (uint64(last) + 4) &^ 3; next <= uint64(^uint32(0)) {
			cands = append(cands, u32ToAddr(uint32(next)))
		}
	}
	var free []netip.Prefix
	isFree := func(a netip.Addr) bool {
		q := netip.PrefixFrom(a, 30)
		return pool.Contains(a) && !overlapsAny(q, avoid)
	}
	for _, c := range cands {
		if isFree(c) {
			free = append(free, netip.PrefixFrom(c, 30))
		}
	}
	slices.SortFunc(free, func(a, b netip.Prefix) int { return a.Addr().Compare(b.Addr()) })
	free = slices.Compact(free)
	if len(free) > 0 {
		if n := free[0].Addr().Next().Next().Next().Next(); n.IsValid() && isFree(n) && !slices.Contains(free, netip.PrefixFrom(n, 30)) {
			free = append(free, netip.PrefixFrom(n, 30))
			slices.SortFunc(free, func(a, b netip.Prefix) int { return a.Addr().Compare(b.Addr()) })
		}
	}
	return free[:min(len(free), 2)]
}
