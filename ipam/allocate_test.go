package ipam

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"strings"
	"testing"
	"time"
)

func TestAllocatePair(t *testing.T) {
	tests := []struct {
		name     string
		pool     netip.Prefix
		avoid    []netip.Prefix
		primary  string
		second   string
		wantErr  string // substring; empty means success
		wantFree int    // for an *ExhaustedError; -1 when not exhausted
	}{
		{name: "nil avoid", pool: mp("192.168.240.0/24"), primary: "192.168.240.0/30", second: "192.168.240.4/30"},
		{name: "empty avoid", pool: mp("192.168.240.0/24"), avoid: []netip.Prefix{}, primary: "192.168.240.0/30", second: "192.168.240.4/30"},
		{name: "avoid first /29", pool: mp("192.168.240.0/24"), avoid: ps("192.168.240.0/29"),
			primary: "192.168.240.8/30", second: "192.168.240.12/30"},
		{name: "avoid first /30 and a /32 in the second", pool: mp("192.168.240.0/24"), avoid: ps("192.168.240.0/30", "192.168.240.5/32"),
			primary: "192.168.240.8/30", second: "192.168.240.12/30"},
		{name: "gap between avoided", pool: mp("192.168.240.0/24"), avoid: ps("192.168.240.8/30", "192.168.240.0/30"),
			primary: "192.168.240.4/30", second: "192.168.240.12/30"},
		{name: "nested duplicate unsorted", pool: mp("192.168.240.0/24"),
			avoid:   ps("192.168.240.8/29", "192.168.240.0/30", "192.168.240.0/28", "192.168.240.8/29", "192.168.240.4/32", "192.168.240.0/28"),
			primary: "192.168.240.16/30", second: "192.168.240.20/30"},
		{name: "unmasked avoid is masked", pool: mp("192.168.240.0/24"), avoid: ps("192.168.240.3/30", "192.168.240.9/31"),
			primary: "192.168.240.4/30", second: "192.168.240.12/30"},
		{name: "unaligned gaps skipped", pool: mp("192.168.240.0/24"), avoid: ps("192.168.240.0/30", "192.168.240.4/31", "192.168.240.12/30", "192.168.240.20/32"),
			primary: "192.168.240.8/30", second: "192.168.240.16/30"},
		{name: "avoid outside pool, adjacent", pool: mp("10.0.1.0/24"), avoid: ps("10.0.0.0/24", "10.0.2.0/24", "10.0.0.255/32", "10.0.2.0/32"),
			primary: "10.0.1.0/30", second: "10.0.1.4/30"},
		{name: "avoid equal to pool", pool: mp("10.0.1.0/24"), avoid: ps("10.0.1.0/24"), wantErr: "0 free /30 blocks", wantFree: 0},
		{name: "avoid larger than pool", pool: mp("192.168.240.0/24"), avoid: ps("192.168.0.0/16"), wantErr: "0 free", wantFree: 0},
		{name: "avoid /0", pool: mp("192.168.240.0/24"), avoid: ps("1.2.3.4/0"), wantErr: "0 free", wantFree: 0},
		{name: "IPv6 and 4-in-6 ignored", pool: mp("192.168.240.0/24"),
			avoid:   ps("2001:db8::/32", "::/0", "::ffff:192.168.240.0/120", "::ffff:0.0.0.0/96"),
			primary: "192.168.240.0/30", second: "192.168.240.4/30"},
		{name: "invalid avoid ignored", pool: mp("192.168.240.0/24"),
			avoid:   []netip.Prefix{{}, netip.PrefixFrom(netip.MustParseAddr("192.168.240.0"), 40)},
			primary: "192.168.240.0/30", second: "192.168.240.4/30"},
		{name: "exactly one /30 left in /24", pool: mp("192.168.240.0/24"),
			avoid:   ps("192.168.240.128/26", "192.168.240.0/25", "192.168.240.224/28", "192.168.240.192/27", "192.168.240.240/29", "192.168.240.248/31", "192.168.240.250/32"),
			wantErr: "1 free /30 block left", wantFree: 1},
		{name: "exactly one /30 left, unaligned scraps", pool: mp("10.0.0.0/29"), avoid: ps("10.0.0.1/32"),
			wantErr: "1 free", wantFree: 1},
		{name: "no aligned /30 left", pool: mp("10.0.0.0/29"), avoid: ps("10.0.0.1/32", "10.0.0.6/32"),
			wantErr: "0 free", wantFree: 0},
		{name: "/29 pool", pool: mp("10.0.0.0/29"), primary: "10.0.0.0/30", second: "10.0.0.4/30"},
		{name: "/24 pool with gaps", pool: mp("172.16.5.0/24"),
			avoid:   ps("172.16.5.0/26", "172.16.5.68/30", "172.16.5.64/31", "172.16.5.80/28", "172.16.5.77/32"),
			primary: "172.16.5.72/30", second: "172.16.5.96/30"},
		{name: "pool 0.0.0.0/0", pool: mp("0.0.0.0/0"), primary: "0.0.0.0/30", second: "0.0.0.4/30"},
		{name: "pool 0.0.0.0/0, all but the top /29 avoided", pool: mp("0.0.0.0/0"), avoid: allBelowTop(29),
			primary: "255.255.255.248/30", second: "255.255.255.252/30"},
		{name: "pool 0.0.0.0/0, all but the top /30 avoided", pool: mp("0.0.0.0/0"), avoid: allBelowTop(30),
			wantErr: "1 free", wantFree: 1},
		{name: "pool 0.0.0.0/0 covered by two /1", pool: mp("0.0.0.0/0"), avoid: ps("128.0.0.0/1", "0.0.0.0/1"),
			wantErr: "0 free", wantFree: 0},
		{name: "pool /1", pool: mp("128.0.0.0/1"), avoid: ps("128.0.0.0/2", "192.0.0.0/3", "0.0.0.0/1"),
			primary: "224.0.0.0/30", second: "224.0.0.4/30"},
		{name: "top-of-space /29", pool: mp("255.255.255.248/29"), primary: "255.255.255.248/30", second: "255.255.255.252/30"},
		{name: "top-of-space /29, top /32 avoided", pool: mp("255.255.255.248/29"), avoid: ps("255.255.255.255/32"),
			wantErr: "1 free", wantFree: 1},
		{name: "top-of-space /29, lower /30 avoided", pool: mp("255.255.255.248/29"), avoid: ps("255.255.255.248/30"),
			wantErr: "1 free", wantFree: 1},
		{name: "top-of-space /28, middle avoided", pool: mp("255.255.255.240/28"), avoid: ps("255.255.255.244/30", "255.255.255.248/31"),
			primary: "255.255.255.240/30", second: "255.255.255.252/30"},

		// Pool errors.
		{name: "pool zero", pool: netip.Prefix{}, wantErr: "pool is the zero (unset) prefix; want a masked IPv4 prefix of /29 or shorter", wantFree: -1},
		{name: "pool bad length", pool: netip.PrefixFrom(netip.MustParseAddr("10.0.0.0"), 33), wantErr: "pool has address 10.0.0.0 and an out-of-range length", wantFree: -1},
		{name: "pool IPv6", pool: mp("2001:db8::/64"), wantErr: "pool 2001:db8::/64 is IPv6", wantFree: -1},
		{name: "pool 4-in-6", pool: mp("::ffff:192.168.240.0/120"), wantErr: "pool ::ffff:192.168.240.0/120 is an IPv4-mapped IPv6 prefix; write it as plain IPv4 192.168.240.0/24", wantFree: -1},
		{name: "pool /30 top of space", pool: mp("255.255.255.252/30"), wantErr: "pool 255.255.255.252/30 is too small: a /30 cannot hold two /30 blocks; use a /29 or shorter", wantFree: -1},
		{name: "pool /30", pool: mp("10.0.0.0/30"), wantErr: "too small", wantFree: -1},
		{name: "pool /32", pool: mp("10.0.0.1/32"), wantErr: "a /32 cannot hold", wantFree: -1},
		{name: "pool unmasked", pool: mp("192.168.240.5/24"), wantErr: "pool 192.168.240.5/24 is not masked; did you mean 192.168.240.0/24?", wantFree: -1},
		{name: "pool unmasked /0", pool: mp("1.2.3.4/0"), wantErr: "did you mean 0.0.0.0/0?", wantFree: -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := clone(tt.avoid)
			p, s, err := AllocatePair(tt.pool, tt.avoid)
			if !equalPrefixes(before, tt.avoid) {
				t.Errorf("AllocatePair modified avoid: %v -> %v", before, tt.avoid)
			}
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("AllocatePair error = %v, want containing %q", err, tt.wantErr)
				}
				if p != (Subnet{}) || s != (Subnet{}) {
					t.Errorf("non-zero Subnets on error: %v, %v", p, s)
				}
				var ex *ExhaustedError
				if got := errors.As(err, &ex); got != (tt.wantFree >= 0) {
					t.Fatalf("errors.As(%v, *ExhaustedError) = %v", err, got)
				}
				if ex != nil && (ex.Free != tt.wantFree || ex.Pool != tt.pool) {
					t.Errorf("ExhaustedError = %+v, want Free %d, Pool %v", *ex, tt.wantFree, tt.pool)
				}
				return
			}
			if err != nil {
				t.Fatalf("AllocatePair: %v", err)
			}
			if p.Prefix != mp(tt.primary) || s.Prefix != mp(tt.second) {
				t.Fatalf("AllocatePair = %v, %v; want %s, %s", p.Prefix, s.Prefix, tt.primary, tt.second)
			}
			if !p.IsValid() || !s.IsValid() {
				t.Fatalf("invalid result %v, %v", p, s)
			}
		})
	}
}

// TestAllocatePairHugePool checks that the cost does not depend on the pool's
// size: walking every /30 of these pools would take seconds or hours.
func TestAllocatePairHugePool(t *testing.T) {
	cases := []struct {
		pool  netip.Prefix
		avoid []netip.Prefix
		want  string
	}{
		{mp("0.0.0.0/0"), allBelowTop(29), "255.255.255.248/30"},
		{mp("0.0.0.0/1"), ps("0.0.0.0/2", "64.0.0.0/3", "96.0.0.0/4", "112.0.0.0/5", "120.0.0.0/6", "124.0.0.0/7",
			"126.0.0.0/8", "127.0.0.0/9", "127.128.0.0/10", "127.192.0.0/11", "127.224.0.0/12", "127.240.0.0/13",
			"127.248.0.0/14", "127.252.0.0/15", "127.254.0.0/16", "127.255.0.0/17", "127.255.128.0/18",
			"127.255.192.0/19", "127.255.224.0/20", "127.255.240.0/21", "127.255.248.0/22", "127.255.252.0/23",
			"127.255.254.0/24", "127.255.255.0/25", "127.255.255.128/26", "127.255.255.192/27",
			"127.255.255.224/28", "127.255.255.240/29"), "127.255.255.248/30"},
	}
	for _, c := range cases {
		start := time.Now()
		p, _, err := AllocatePair(c.pool, c.avoid)
		if d := time.Since(start); d > time.Second {
			t.Errorf("AllocatePair(%v) took %v", c.pool, d)
		}
		if err != nil || p.Prefix != mp(c.want) {
			t.Errorf("AllocatePair(%v) = %v, %v; want %s", c.pool, p, err, c.want)
		}
	}
}

// TestAllocatePairMatchesBruteForce is a property test: on random small pools
// and random avoid sets, AllocatePair agrees with a brute-force walk over
// every /30 of the pool, does not modify avoid, and ignores avoid's order.
func TestAllocatePairMatchesBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(20240601, 42))
	iters := 20000
	if testing.Short() {
		iters = 2000
	}
	var ok, exhausted [3]int // by number of free /30s
	defer func() {
		t.Logf("%d iterations: %d allocated, exhausted with 0 free: %d, with 1 free: %d", iters, ok[2], exhausted[0], exhausted[1])
	}()
	for i := range iters {
		pool, avoid := randomCase(r)
		before := clone(avoid)
		p, s, err := AllocatePair(pool, avoid)
		if !equalPrefixes(before, avoid) {
			t.Fatalf("case %d: avoid modified: %v -> %v", i, before, avoid)
		}
		free := bruteFree(pool, avoid, 2)
		if err == nil {
			ok[len(free)]++
		} else {
			exhausted[len(free)]++
		}
		if err := checkAgainst(pool, free, p, s, err); err != nil {
			t.Fatalf("case %d: AllocatePair(%v, %v): %v", i, pool, avoid, err)
		}
		if err := checkAllocation(pool, avoid, p, s, err); err != nil {
			t.Fatalf("case %d: AllocatePair(%v, %v): %v", i, pool, avoid, err)
		}
		shuffled := clone(avoid)
		r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		p2, s2, err2 := AllocatePair(pool, shuffled)
		if p2 != p || s2 != s || (err == nil) != (err2 == nil) || (err != nil && err.Error() != err2.Error()) {
			t.Fatalf("case %d: order dependent: %v %v %v vs %v %v %v", i, p, s, err, p2, s2, err2)
		}
	}
}

// randomCase returns a random masked pool of /24 to /29 (sometimes at the top
// or bottom of the address space) and up to 12 avoid prefixes near it.
func randomCase(r *rand.Rand) (netip.Prefix, []netip.Prefix) {
	bits := 24 + r.IntN(6)
	var base uint32
	switch r.IntN(10) {
	case 0:
		base = 0
	case 1:
		base = ^uint32(0)
	default:
		base = r.Uint32()
	}
	size := uint32(1) << (32 - bits)
	base &^= size - 1
	pool := netip.PrefixFrom(u32ToAddr(base), bits)

	n := r.IntN(13)
	avoid := make([]netip.Prefix, 0, n)
	if bits >= 26 && r.IntN(3) == 0 {
		// Dense: touch most /30s of the pool (at most 16) with a /30, /31
		// or /32 inside it, so that 0, 1 or 2 blocks stay free.
		for b := uint32(0); b < size; b += 4 {
			if r.IntN(100) < 85 {
				ab := 30 + r.IntN(3)
				avoid = append(avoid, netip.PrefixFrom(u32ToAddr(base+b+r.Uint32N(4)), ab))
			}
		}
		r.Shuffle(len(avoid), func(i, j int) { avoid[i], avoid[j] = avoid[j], avoid[i] })
		n = r.IntN(3)
	}
	for range n {
		switch k := r.IntN(20); {
		case k == 0:
			avoid = append(avoid, mp("2001:db8::/32"))
		case k == 1:
			avoid = append(avoid, netip.PrefixFrom(netip.AddrFrom16(u32ToAddr(base).As16()), 96+bits)) // 4-in-6 of the pool
		case k == 2 && len(avoid) > 0:
			avoid = append(avoid, avoid[r.IntN(len(avoid))]) // duplicate
		case k == 3:
			avoid = append(avoid, netip.PrefixFrom(u32ToAddr(r.Uint32()), 8+r.IntN(25))) // anywhere
		default:
			// Mostly long prefixes in or near the pool, unmasked.
			ab := 32 - r.IntN(32-bits) // longer than the pool; rarely (below) as long or shorter
			if r.IntN(60) == 0 {
				ab = r.IntN(bits + 1)
			}
			off := r.Uint32N(size+512) - 256
			avoid = append(avoid, netip.PrefixFrom(u32ToAddr(base+off), ab))
		}
	}
	return pool, avoid
}

// bruteFree returns up to limit lowest free /30s of pool by walking them all,
// using only net/netip. pool must be a valid, masked IPv4 prefix of /30 or shorter.
func bruteFree(pool netip.Prefix, avoid []netip.Prefix, limit int) []netip.Prefix {
	var free []netip.Prefix
	for a := pool.Addr(); a.IsValid() && pool.Contains(a) && len(free) < limit; a = a.Next().Next().Next().Next() {
		q := netip.PrefixFrom(a, 30)
		if !overlapsAny(q, avoid) {
			free = append(free, q)
		}
	}
	return free
}

// overlapsAny reports whether q overlaps any valid IPv4 prefix in avoid.
func overlapsAny(q netip.Prefix, avoid []netip.Prefix) bool {
	for _, a := range avoid {
		if a.IsValid() && a.Addr().Is4() && a.Masked().Overlaps(q) {
			return true
		}
	}
	return false
}

// checkAgainst checks AllocatePair's result (p, s, err) for a valid pool
// against free, the reference's lowest free /30s (at most 2).
func checkAgainst(pool netip.Prefix, free []netip.Prefix, p, s Subnet, err error) error {
	if len(free) < 2 {
		var ex *ExhaustedError
		if !errors.As(err, &ex) {
			return fmt.Errorf("got %v, %v, %v; want ExhaustedError with Free %d", p, s, err, len(free))
		}
		if ex.Free != len(free) || ex.Pool != pool {
			return fmt.Errorf("got %+v; want Free %d", *ex, len(free))
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("got error %v; want %v, %v", err, free[0], free[1])
	}
	if p.Prefix != free[0] || s.Prefix != free[1] || !p.IsValid() || !s.IsValid() {
		return fmt.Errorf("got %v, %v; want %v, %v", p, s, free[0], free[1])
	}
	return nil
}

// allBelowTop returns prefixes /1 to /bits covering 0.0.0.0 up to, not
// including, the top /bits of the address space.
func allBelowTop(bits int) []netip.Prefix {
	var out []netip.Prefix
	for b := 1; b <= bits; b++ {
		// The b-bit prefix whose first b-1 bits are ones and last bit zero.
		x := ^uint32(0) << (33 - b) // b-1 leading ones
		if b == 1 {
			x = 0
		}
		out = append(out, netip.PrefixFrom(u32ToAddr(x), b))
	}
	return out
}

func ps(s ...string) []netip.Prefix {
	out := make([]netip.Prefix, len(s))
	for i, x := range s {
		out[i] = mp(x)
	}
	return out
}

func BenchmarkAllocatePair(b *testing.B) {
	pool := mp("10.0.0.0/8")
	for _, n := range []int{2, 1_000, 10_000, 100_000} {
		name := fmt.Sprint(n)
		if n >= 1000 {
			name = fmt.Sprintf("%dk", n/1000)
		}
		b.Run(name, func(b *testing.B) {
			r := rand.New(rand.NewPCG(1, uint64(n)))
			avoid := make([]netip.Prefix, n)
			for i := range avoid {
				// Random /24 to /32 inside the pool, a few outside or IPv6.
				switch r.IntN(50) {
				case 0:
					avoid[i] = mp("2001:db8::/48")
				case 1:
					avoid[i] = netip.PrefixFrom(u32ToAddr(r.Uint32()), 16)
				default:
					avoid[i] = netip.PrefixFrom(u32ToAddr(0x0a000000|r.Uint32N(1<<24)), 24+r.IntN(9))
				}
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := AllocatePair(pool, avoid); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func errorf(format string, args ...any) error { return fmt.Errorf(format, args...) }
