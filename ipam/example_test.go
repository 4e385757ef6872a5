package ipam_test

import (
	"errors"
	"fmt"
	"net/netip"

	"github.com/azoci/interconnect/ipam"
)

func ExampleAllocatePair() {
	pool := netip.MustParsePrefix("192.168.240.0/24")
	avoid := []netip.Prefix{
		netip.MustParsePrefix("10.0.0.0/16"),      // the Azure VNet
		netip.MustParsePrefix("10.1.0.0/16"),      // the OCI VCN
		netip.MustParsePrefix("192.168.240.0/30"), // already used elsewhere
	}
	primary, secondary, err := ipam.AllocatePair(pool, avoid)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(primary)
	fmt.Println(secondary)
	fmt.Println(primary.OracleCIDR(), primary.CustomerCIDR())
	// Output:
	// 192.168.240.4/30 (oracle 192.168.240.5, customer 192.168.240.6)
	// 192.168.240.8/30 (oracle 192.168.240.9, customer 192.168.240.10)
	// 192.168.240.5/30 192.168.240.6/30
}

func ExampleAllocatePair_exhausted() {
	pool := netip.MustParsePrefix("192.168.240.0/29")
	avoid := []netip.Prefix{netip.MustParsePrefix("192.168.240.4/30")}
	_, _, err := ipam.AllocatePair(pool, avoid)
	var ex *ipam.ExhaustedError
	if errors.As(err, &ex) {
		fmt.Println(ex.Free, "free in", ex.Pool)
	}
	// Output:
	// 1 free in 192.168.240.0/29
}

func ExampleNewSubnet() {
	_, err := ipam.NewSubnet(netip.MustParsePrefix("192.168.1.5/30"))
	fmt.Println(err)
	s, _ := ipam.NewSubnet(netip.MustParsePrefix("192.168.1.4/30"))
	fmt.Println(s.Oracle, s.Customer)
	// Output:
	// ipam: 192.168.1.5/30 is not masked; did you mean 192.168.1.4/30?
	// 192.168.1.5 192.168.1.6
}

func ExampleValidatePair() {
	avoid := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/16")}
	_, _, err := ipam.ValidatePair(netip.MustParsePrefix("10.0.0.4/30"), netip.MustParsePrefix("192.168.240.5/30"), avoid)
	fmt.Println(err)
	// Output:
	// ipam: secondary 192.168.240.5/30 is not masked; did you mean 192.168.240.4/30?
	// ipam: primary 10.0.0.4/30 overlaps avoided prefix 10.0.0.0/16; choose a /30 outside it
}
