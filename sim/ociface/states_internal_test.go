package ociface

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/oracle/oci-go-sdk/v65/core"

	"github.com/azoci/interconnect/oci"
)

// TestVirtualCircuitStatesAsTheSDKSpellsThem checks every state a simulated
// virtual circuit can be in against oci-go-sdk's own enum constants, on the
// wire (JSON) and read back by the SDK's model.
func TestVirtualCircuitStatesAsTheSDKSpellsThem(t *testing.T) {
	states := []struct {
		in   oci.LifecycleState
		want core.VirtualCircuitLifecycleStateEnum
	}{
		{oci.PendingProvider, core.VirtualCircuitLifecycleStatePendingProvider},
		{oci.Verifying, core.VirtualCircuitLifecycleStateVerifying},
		{oci.Provisioning, core.VirtualCircuitLifecycleStateProvisioning},
		{oci.Provisioned, core.VirtualCircuitLifecycleStateProvisioned},
		{oci.Failed, core.VirtualCircuitLifecycleStateFailed},
		{oci.Inactive, core.VirtualCircuitLifecycleStateInactive},
		{oci.Terminating, core.VirtualCircuitLifecycleStateTerminating},
		{oci.Terminated, core.VirtualCircuitLifecycleStateTerminated},
	}
	if n := len(core.GetVirtualCircuitLifecycleStateEnumValues()); n != len(states) {
		t.Errorf("the SDK knows %d virtual circuit states, this test %d", n, len(states))
	}
	for _, s := range states {
		b, err := json.Marshal(vcToSDK(oci.VirtualCircuit{State: s.in, ProviderState: oci.ProviderInactive, BGPSessionState: oci.BGPDown}))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), `"lifecycleState":"`+string(s.want)+`"`) {
			t.Errorf("%s went out as %s", s.in, b)
		}
		var back core.VirtualCircuit
		if err := json.Unmarshal(b, &back); err != nil || back.LifecycleState != s.want {
			t.Errorf("%s read back as %q (%v)", s.in, back.LifecycleState, err)
		}
	}
	for _, tc := range []struct {
		provider, bgp string
		wantP         core.VirtualCircuitProviderStateEnum
		wantB         core.VirtualCircuitBgpSessionStateEnum
	}{
		{oci.ProviderActive, oci.BGPUp, core.VirtualCircuitProviderStateActive, core.VirtualCircuitBgpSessionStateUp},
		{oci.ProviderInactive, oci.BGPDown, core.VirtualCircuitProviderStateInactive, core.VirtualCircuitBgpSessionStateDown},
	} {
		v := vcToSDK(oci.VirtualCircuit{State: oci.Provisioned, ProviderState: tc.provider, BGPSessionState: tc.bgp})
		if v.ProviderState != tc.wantP || v.BgpSessionState != tc.wantB {
			t.Errorf("provider %s / BGP %s went out as %q / %q", tc.provider, tc.bgp, v.ProviderState, v.BgpSessionState)
		}
	}
	// A state the SDK does not know goes out unchanged rather than empty.
	if got := vcStateToSDK("SOMETHING_NEW"); got != "SOMETHING_NEW" {
		t.Errorf("an unknown state went out as %q", got)
	}
	if got := vcProviderStateToSDK("X"); got != "X" {
		t.Errorf("an unknown provider state went out as %q", got)
	}
	if got := bgpStateToSDK("IDLE"); got != "IDLE" {
		t.Errorf("an unknown BGP state went out as %q", got)
	}
}
