package ociclient

import (
	"net/netip"
	"slices"
	"testing"

	"github.com/azoci/interconnect/oci"

	"github.com/oracle/oci-go-sdk/v65/common"
	"github.com/oracle/oci-go-sdk/v65/core"
)

func TestVCNFromSDK(t *testing.T) {
	tests := []struct {
		name    string
		in      core.Vcn
		want    []netip.Prefix
		wantErr bool
	}{
		{"cidrBlocks", core.Vcn{CidrBlocks: []string{"10.0.0.0/16", "10.1.0.0/16"}},
			[]netip.Prefix{netip.MustParsePrefix("10.0.0.0/16"), netip.MustParsePrefix("10.1.0.0/16")}, false},
		{"only the old cidrBlock", core.Vcn{CidrBlock: common.String("10.2.0.0/16")}, []netip.Prefix{netip.MustParsePrefix("10.2.0.0/16")}, false},
		{"unreadable", core.Vcn{CidrBlocks: []string{"ten"}}, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := vcnFromSDK(tt.in)
			if (err != nil) != tt.wantErr || !slices.Equal(v.CIDRs, tt.want) {
				t.Errorf("vcnFromSDK = %+v, %v; want CIDRs %v (error %v)", v, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestAttachmentVCN(t *testing.T) {
	tests := []struct {
		name string
		in   core.DrgAttachment
		want string
	}{
		{"network details", core.DrgAttachment{NetworkDetails: core.VcnDrgAttachmentNetworkDetails{Id: common.String("vcn-a")}}, "vcn-a"},
		{"network details by pointer", core.DrgAttachment{NetworkDetails: &core.VcnDrgAttachmentNetworkDetails{Id: common.String("vcn-b")}}, "vcn-b"},
		{"only the old vcnId", core.DrgAttachment{VcnId: common.String("vcn-c")}, "vcn-c"},
		{"another network", core.DrgAttachment{NetworkDetails: core.IpsecTunnelDrgAttachmentNetworkDetails{Id: common.String("tunnel")}}, ""},
	}
	for _, tt := range tests {
		if got := attachmentFromSDK(tt.in).VCNID; got != tt.want {
			t.Errorf("%s: VCNID = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestBGPAddr(t *testing.T) {
	tests := []struct {
		in      *string
		want    netip.Prefix
		wantErr bool
	}{
		{nil, netip.Prefix{}, false},
		{common.String(""), netip.Prefix{}, false},
		{common.String("192.168.240.1/30"), netip.MustParsePrefix("192.168.240.1/30"), false},
		{common.String("192.168.240.2"), netip.MustParsePrefix("192.168.240.2/32"), false},
		{common.String("nope"), netip.Prefix{}, true},
	}
	for _, tt := range tests {
		got, err := bgpAddr(tt.in)
		if got != tt.want || (err != nil) != tt.wantErr {
			t.Errorf("bgpAddr(%v) = %v, %v", str(tt.in), got, err)
		}
	}
	for _, m := range []core.CrossConnectMapping{{OracleBgpPeeringIp: common.String("x")}, {CustomerBgpPeeringIp: common.String("y")}} {
		if _, err := vcFromSDK(core.VirtualCircuit{CrossConnectMappings: []core.CrossConnectMapping{m}}); err == nil {
			t.Errorf("vcFromSDK accepted an unreadable BGP address: %+v", m)
		}
	}
}

// TestRouteRulesRoundTrip checks that rules the library cannot represent
// (service CIDR labels) survive a read-modify-write untouched, as do the
// extra fields of rules it keeps.
func TestRouteRulesRoundTrip(t *testing.T) {
	service := core.RouteRule{Destination: common.String("all-iad-services-in-oracle-services-network"),
		DestinationType: core.RouteRuleDestinationTypeServiceCidrBlock, NetworkEntityId: common.String("ocid1.servicegateway.x")}
	old := core.RouteRule{CidrBlock: common.String("0.0.0.0/0"), NetworkEntityId: common.String("ocid1.internetgateway.x"),
		RouteType: core.RouteRuleRouteTypeStatic}
	bad := core.RouteRule{Destination: common.String("not-a-cidr"), NetworkEntityId: common.String("ocid1.x")}
	current := []core.RouteRule{service, old, bad}

	rt := routeTableFromSDK(core.RouteTable{RouteRules: current}, common.String("etag-1"))
	want := []oci.RouteRule{{Destination: netip.MustParsePrefix("0.0.0.0/0"), NetworkEntityID: "ocid1.internetgateway.x"}}
	if !slices.Equal(rt.Rules, want) || rt.ETag != "etag-1" {
		t.Fatalf("routeTableFromSDK = %+v", rt)
	}

	added := oci.RouteRule{Destination: netip.MustParsePrefix("10.10.0.0/16"), NetworkEntityID: "ocid1.drg.x", Description: "azure"}
	out := routeRulesToSDK(append(rt.Rules, added), current)
	if len(out) != 4 {
		t.Fatalf("routeRulesToSDK = %d rules: %+v", len(out), out)
	}
	if out[0] != old {
		t.Errorf("a kept rule was rewritten: %+v, want %+v", out[0], old)
	}
	if str(out[1].Destination) != "10.10.0.0/16" || out[1].DestinationType != core.RouteRuleDestinationTypeCidrBlock ||
		str(out[1].NetworkEntityId) != "ocid1.drg.x" || str(out[1].Description) != "azure" {
		t.Errorf("new rule = %+v", out[1])
	}
	if out[2] != service || out[3] != bad {
		t.Errorf("unrepresentable rules not kept as they were: %+v", out[2:])
	}
	if got := routeRulesToSDK(nil, nil); got == nil || len(got) != 0 {
		t.Errorf("no rules must be written as an empty list, not null: %#v", got)
	}
}

// TestVirtualCircuitStates maps every virtual circuit state oci-go-sdk knows
// to the oci constant of the same spelling: none is lost or renamed on the
// way in.
func TestVirtualCircuitStates(t *testing.T) {
	want := map[core.VirtualCircuitLifecycleStateEnum]oci.LifecycleState{
		core.VirtualCircuitLifecycleStatePendingProvider: oci.PendingProvider,
		core.VirtualCircuitLifecycleStateVerifying:       oci.Verifying,
		core.VirtualCircuitLifecycleStateProvisioning:    oci.Provisioning,
		core.VirtualCircuitLifecycleStateProvisioned:     oci.Provisioned,
		core.VirtualCircuitLifecycleStateFailed:          oci.Failed,
		core.VirtualCircuitLifecycleStateInactive:        oci.Inactive,
		core.VirtualCircuitLifecycleStateTerminating:     oci.Terminating,
		core.VirtualCircuitLifecycleStateTerminated:      oci.Terminated,
	}
	for _, s := range core.GetVirtualCircuitLifecycleStateEnumValues() {
		w, ok := want[s]
		if !ok {
			t.Errorf("the SDK knows virtual circuit state %s, the library has no constant for it", s)
			continue
		}
		v, err := vcFromSDK(core.VirtualCircuit{LifecycleState: s, ProviderState: core.VirtualCircuitProviderStateActive,
			BgpSessionState: core.VirtualCircuitBgpSessionStateUp})
		if err != nil || v.State != w || v.ProviderState != oci.ProviderActive || v.BGPSessionState != oci.BGPUp {
			t.Errorf("vcFromSDK(%s) = %s/%s/%s, %v; want %s/ACTIVE/UP", s, v.State, v.ProviderState, v.BGPSessionState, err, w)
		}
	}
	for _, s := range core.GetVirtualCircuitProviderStateEnumValues() {
		if v, _ := vcFromSDK(core.VirtualCircuit{ProviderState: s}); v.ProviderState != oci.ProviderActive && v.ProviderState != oci.ProviderInactive {
			t.Errorf("provider state %s became %q", s, v.ProviderState)
		}
	}
	for _, s := range core.GetVirtualCircuitBgpSessionStateEnumValues() {
		if v, _ := vcFromSDK(core.VirtualCircuit{BgpSessionState: s}); v.BGPSessionState != oci.BGPUp && v.BGPSessionState != oci.BGPDown {
			t.Errorf("BGP state %s became %q", s, v.BGPSessionState)
		}
	}
}
