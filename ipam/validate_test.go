package ipam

import (
	"net/netip"
	"strings"
	"testing"
)

func TestValidatePair(t *testing.T) {
	avoid := []netip.Prefix{mp("10.0.0.0/16"), mp("10.1.0.0/16"), mp("2001:db8::/32"), {}}
	tests := []struct {
		name       string
		p, s       string
		avoid      []netip.Prefix
		wantErrs   []string // each a substring of the error; nil means success
		wantAbsent []string // substrings that must not appear
	}{
		{name: "ok", p: "192.168.240.0/30", s: "192.168.240.4/30", avoid: avoid},
		{name: "ok reversed", p: "192.168.240.4/30", s: "192.168.240.0/30", avoid: avoid},
		{name: "ok nil avoid", p: "10.0.0.0/30", s: "10.0.0.8/30"},
		{name: "ok IPv6 and 4-in-6 avoid ignored", p: "192.168.240.0/30", s: "192.168.240.4/30",
			avoid: []netip.Prefix{mp("::/0"), mp("::ffff:192.168.240.0/120")}},
		{name: "same", p: "192.168.240.0/30", s: "192.168.240.0/30",
			wantErrs: []string{"primary and secondary are both 192.168.240.0/30"}},
		{name: "primary unmasked", p: "192.168.240.1/30", s: "192.168.240.4/30",
			wantErrs: []string{"primary 192.168.240.1/30 is not masked; did you mean 192.168.240.0/30?"}},
		{name: "secondary wrong length", p: "192.168.240.0/30", s: "192.168.240.8/29",
			wantErrs: []string{"secondary 192.168.240.8/29 is a /29"}},
		{name: "both bad", p: "2001:db8::/126", s: "::ffff:192.168.240.4/126",
			wantErrs: []string{"primary 2001:db8::/126 is IPv6", "secondary ::ffff:192.168.240.4/126 is an IPv4-mapped IPv6 prefix; write it as plain IPv4 192.168.240.4/30"}},
		{name: "zero", p: "", s: "192.168.240.4/30",
			wantErrs: []string{"primary is the zero (unset) prefix"}},
		{name: "overlap primary", p: "10.0.0.4/30", s: "192.168.240.4/30", avoid: avoid,
			wantErrs: []string{"primary 10.0.0.4/30 overlaps avoided prefix 10.0.0.0/16"}, wantAbsent: []string{"secondary"}},
		{name: "overlap secondary unmasked avoid", p: "192.168.240.0/30", s: "10.1.255.252/30",
			avoid:    []netip.Prefix{mp("10.1.2.3/16")},
			wantErrs: []string{"secondary 10.1.255.252/30 overlaps avoided prefix 10.1.0.0/16 (given as 10.1.2.3/16)"}, wantAbsent: []string{"primary"}},
		{name: "overlap both, several, duplicates reported once", p: "10.0.0.0/30", s: "10.1.0.0/30",
			avoid: []netip.Prefix{mp("10.0.0.0/16"), mp("10.0.0.0/16"), mp("10.0.9.9/16"), mp("10.1.0.2/32"), mp("0.0.0.0/0")},
			wantErrs: []string{
				"primary 10.0.0.0/30 overlaps avoided prefix 10.0.0.0/16;",
				"primary 10.0.0.0/30 overlaps avoided prefix 0.0.0.0/0",
				"secondary 10.1.0.0/30 overlaps avoided prefix 10.1.0.2/32",
				"secondary 10.1.0.0/30 overlaps avoided prefix 0.0.0.0/0",
			}},
		{name: "avoid inside block", p: "10.0.0.0/30", s: "10.0.0.4/30", avoid: []netip.Prefix{mp("10.0.0.3/32")},
			wantErrs: []string{"primary 10.0.0.0/30 overlaps avoided prefix 10.0.0.3/32"}},
		{name: "adjacent avoid is fine", p: "10.0.0.4/30", s: "10.0.0.8/30", avoid: []netip.Prefix{mp("10.0.0.0/30"), mp("10.0.0.12/30")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p, s netip.Prefix
			if tt.p != "" {
				p = mp(tt.p)
			}
			if tt.s != "" {
				s = mp(tt.s)
			}
			before := clone(tt.avoid)
			gp, gs, err := ValidatePair(p, s, tt.avoid)
			if !equalPrefixes(before, tt.avoid) {
				t.Errorf("ValidatePair modified avoid: %v -> %v", before, tt.avoid)
			}
			if tt.wantErrs == nil {
				if err != nil {
					t.Fatalf("ValidatePair: %v", err)
				}
				if gp.Prefix != p || gs.Prefix != s || !gp.IsValid() || !gs.IsValid() {
					t.Fatalf("ValidatePair = %v, %v", gp, gs)
				}
				return
			}
			if err == nil {
				t.Fatalf("ValidatePair(%v, %v) = %v, %v, want error", p, s, gp, gs)
			}
			if gp != (Subnet{}) || gs != (Subnet{}) {
				t.Errorf("ValidatePair returned non-zero Subnets on error: %v, %v", gp, gs)
			}
			msg := err.Error()
			for _, w := range tt.wantErrs {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q\ndoes not contain %q", msg, w)
				}
			}
			for _, w := range tt.wantAbsent {
				if strings.Contains(msg, w) {
					t.Errorf("error %q\ncontains %q", msg, w)
				}
			}
			// One line per problem (errors.Join), and no duplicate lines.
			lines := strings.Split(msg, "\n")
			if len(lines) != len(tt.wantErrs) {
				t.Errorf("got %d problems, want %d:\n%s", len(lines), len(tt.wantErrs), msg)
			}
		})
	}
}

func TestValidatePairUnwrap(t *testing.T) {
	_, _, err := ValidatePair(mp("10.0.0.1/30"), mp("10.0.0.0/29"), nil)
	u, ok := err.(interface{ Unwrap() []error })
	if !ok || len(u.Unwrap()) != 2 {
		t.Fatalf("error %v is not a join of 2 errors", err)
	}
}

func clone(p []netip.Prefix) []netip.Prefix {
	if p == nil {
		return nil
	}
	return append([]netip.Prefix{}, p...)
}

func equalPrefixes(a, b []netip.Prefix) bool {
	if len(a) != len(b) || (a == nil) != (b == nil) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
