package ipam

import (
	"net/netip"
	"strings"
	"testing"
)

func TestNewSubnet(t *testing.T) {
	tests := []struct {
		name    string
		p       netip.Prefix
		oracle  string
		cust    string
		wantErr string // substring; empty means success
	}{
		{name: "ok", p: mp("192.168.240.0/30"), oracle: "192.168.240.1", cust: "192.168.240.2"},
		{name: "ok bottom of space", p: mp("0.0.0.0/30"), oracle: "0.0.0.1", cust: "0.0.0.2"},
		{name: "ok top of space", p: mp("255.255.255.252/30"), oracle: "255.255.255.253", cust: "255.255.255.254"},
		{name: "ok mid block", p: mp("10.20.30.44/30"), oracle: "10.20.30.45", cust: "10.20.30.46"},
		{name: "zero prefix", p: netip.Prefix{}, wantErr: "zero (unset) prefix; want a masked IPv4 /30"},
		{name: "out-of-range length", p: netip.PrefixFrom(netip.MustParseAddr("10.0.0.0"), 33), wantErr: "10.0.0.0 and an out-of-range length"},
		{name: "IPv6", p: mp("2001:db8::/126"), wantErr: "2001:db8::/126 is IPv6"},
		{name: "IPv6 /30", p: mp("2001:db8::/30"), wantErr: "is IPv6"},
		{name: "4-in-6", p: mp("::ffff:192.168.240.0/126"), wantErr: "IPv4-mapped IPv6 prefix; write it as plain IPv4 192.168.240.0/30"},
		{name: "4-in-6 short", p: mp("::ffff:0.0.0.0/90"), wantErr: "is IPv6"},
		{name: "/29", p: mp("192.168.240.0/29"), wantErr: "192.168.240.0/29 is a /29, want a /30"},
		{name: "/31", p: mp("192.168.240.0/31"), wantErr: "is a /31, want a /30"},
		{name: "/32", p: mp("192.168.240.1/32"), wantErr: "is a /32, want a /30"},
		{name: "/0", p: mp("0.0.0.0/0"), wantErr: "is a /0, want a /30"},
		{name: "unmasked", p: mp("192.168.1.5/30"), wantErr: "192.168.1.5/30 is not masked; did you mean 192.168.1.4/30?"},
		{name: "unmasked top", p: mp("255.255.255.255/30"), wantErr: "did you mean 255.255.255.252/30?"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := NewSubnet(tt.p)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("NewSubnet(%v) error = %v, want containing %q", tt.p, err, tt.wantErr)
				}
				if s != (Subnet{}) {
					t.Errorf("NewSubnet(%v) = %v on error, want zero Subnet", tt.p, s)
				}
				return
			}
			if err != nil {
				t.Fatalf("NewSubnet(%v): %v", tt.p, err)
			}
			want := Subnet{Prefix: tt.p, Oracle: netip.MustParseAddr(tt.oracle), Customer: netip.MustParseAddr(tt.cust)}
			if s != want {
				t.Fatalf("NewSubnet(%v) = %#v, want %#v", tt.p, s, want)
			}
			if !s.IsValid() {
				t.Errorf("%v.IsValid() = false", s)
			}
		})
	}
}

func TestSubnetMethods(t *testing.T) {
	s, err := NewSubnet(mp("192.168.240.4/30"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := s.OracleCIDR(), mp("192.168.240.5/30"); got != want {
		t.Errorf("OracleCIDR() = %v, want %v", got, want)
	}
	if got, want := s.CustomerCIDR(), mp("192.168.240.6/30"); got != want {
		t.Errorf("CustomerCIDR() = %v, want %v", got, want)
	}
	if got, want := s.OracleCIDR().String(), "192.168.240.5/30"; got != want {
		t.Errorf("OracleCIDR().String() = %q, want %q", got, want)
	}
	if got, want := s.String(), "192.168.240.4/30 (oracle 192.168.240.5, customer 192.168.240.6)"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}

	var zero Subnet
	if zero.IsValid() {
		t.Error("zero Subnet is valid")
	}
	if got := zero.String(); got != "invalid Subnet" {
		t.Errorf("zero String() = %q", got)
	}
	if zero.OracleCIDR().IsValid() || zero.CustomerCIDR().IsValid() {
		t.Error("zero Subnet has valid CIDRs")
	}

	// Hand-built Subnets that break the invariants.
	bad := []Subnet{
		{Prefix: s.Prefix, Oracle: s.Customer, Customer: s.Oracle},
		{Prefix: s.Prefix, Oracle: s.Oracle},
		{Prefix: mp("192.168.240.5/30"), Oracle: s.Oracle, Customer: s.Customer},
		{Prefix: mp("192.168.240.0/29"), Oracle: netip.MustParseAddr("192.168.240.1"), Customer: netip.MustParseAddr("192.168.240.2")},
	}
	for _, b := range bad {
		if b.IsValid() {
			t.Errorf("%#v.IsValid() = true", b)
		}
		if b.String() != "invalid Subnet" {
			t.Errorf("%#v.String() = %q", b, b.String())
		}
	}
}

// mp is netip.MustParsePrefix, which keeps unmasked and 4-in-6 prefixes as written.
func mp(s string) netip.Prefix { return netip.MustParsePrefix(s) }
