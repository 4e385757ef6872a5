package sim

import (
	"errors"
	"net/http"
	"net/netip"
	"testing"
	"testing/synctest"

	"github.com/azoci/interconnect/azure"
)

// TestSixteenCircuitsNeedASlash26: a gateway whose GatewaySubnet is a /27
// takes 15 circuits and refuses the 16th (GatewaySubnetTooSmallForCircuits);
// in a /26 it takes all 16 (checkSubnetForCircuits cites Microsoft). The
// rule is checked on the gateway directly: 16 connected circuits would need
// four peering locations (at most azure.MaxCircuitsPerPeeringLocation of one
// location connect to a VNet), and the simulator's one OCI region serves
// two.
func TestSixteenCircuitsNeedASlash26(t *testing.T) {
	for _, tc := range []struct {
		subnet string
		code   string // of the 16th connection
	}{
		{"10.10.255.0/27", "GatewaySubnetTooSmallForCircuits"},
		{"10.10.255.0/26", ""},
	} {
		t.Run(tc.subnet, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				f := newFxWithGatewaySubnet(t, netip.MustParsePrefix(tc.subnet))
				g := f.gateway(azure.SKUErGw3AZ, 0)
				const n = 16 // Microsoft's number of circuits that need a /26
				f.w.mu.Lock()
				defer f.w.mu.Unlock()
				rec := f.w.st.Gateways[key(g.ID)]
				noErr(t, f.w.checkSubnetForCircuits(rec, n-1))
				err := f.w.checkSubnetForCircuits(rec, n)
				if tc.code == "" {
					noErr(t, err)
					return
				}
				var e *azure.Error
				if !errors.As(err, &e) || e.StatusCode != http.StatusBadRequest || e.Code != tc.code {
					t.Errorf("the 16th circuit on a %s: %v, want 400 %s", tc.subnet, err, tc.code)
				}
			})
		})
	}
}
