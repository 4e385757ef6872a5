package azuretest_test

import (
	"net/netip"
	"testing"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/azure/azuretest"
)

func TestGatewaySubnetPrefixes(t *testing.T) {
	pp := func(ss ...string) []netip.Prefix {
		var out []netip.Prefix
		for _, s := range ss {
			out = append(out, netip.MustParsePrefix(s))
		}
		return out
	}
	subnets := func(ss ...string) []azure.Subnet {
		var out []azure.Subnet
		for _, p := range pp(ss...) {
			out = append(out, azure.Subnet{Prefix: p})
		}
		return out
	}
	tests := []struct {
		name      string
		v         azure.VirtualNetwork
		gw, wider string // "" when none
	}{
		{"the top /26", azure.VirtualNetwork{AddressSpace: pp("10.10.0.0/16"), Subnets: subnets("10.10.0.0/24")},
			"10.10.255.192/27", "10.10.255.192/26"},
		{"below a subnet at the top", azure.VirtualNetwork{AddressSpace: pp("10.10.0.0/16"), Subnets: subnets("10.10.255.200/29")},
			"10.10.255.128/27", "10.10.255.128/26"},
		{"the highest address space first", azure.VirtualNetwork{AddressSpace: pp("10.1.0.0/16", "10.2.0.0/24")},
			"10.2.0.192/27", "10.2.0.192/26"},
		{"a full space, then the next", azure.VirtualNetwork{AddressSpace: pp("10.2.0.0/24", "10.1.0.0/26"), Subnets: subnets("10.2.0.0/24")},
			"10.1.0.0/27", "10.1.0.0/26"},
		{"a space of exactly a /26", azure.VirtualNetwork{AddressSpace: pp("172.16.0.64/26")}, "172.16.0.64/27", "172.16.0.64/26"},
		{"too small", azure.VirtualNetwork{AddressSpace: pp("10.3.0.0/27")}, "", ""},
		{"all taken", azure.VirtualNetwork{AddressSpace: pp("10.3.0.0/24"), Subnets: subnets("10.3.0.0/25", "10.3.0.128/25")}, "", ""},
		{"IPv6 only", azure.VirtualNetwork{AddressSpace: pp("fd00::/48")}, "", ""},
		{"no address space", azure.VirtualNetwork{}, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			gw, wider, ok := azuretest.GatewaySubnetPrefixes(tc.v)
			if ok != (tc.gw != "") {
				t.Fatalf("ok = %v (%s, %s)", ok, gw, wider)
			}
			if ok && (gw.String() != tc.gw || wider.String() != tc.wider) {
				t.Errorf("got %s in %s, want %s in %s", gw, wider, tc.gw, tc.wider)
			}
		})
	}
}
