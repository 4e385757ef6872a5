package sim

import (
	"fmt"
	"net/http"
	"net/netip"
	"testing"
	"testing/synctest"
	"time"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/oci"
)

// TestSixteenCircuitsNeedASlash26: a gateway whose GatewaySubnet is a /27
// takes 15 circuits and refuses the 16th (GatewaySubnetTooSmallForCircuits);
// in a /26 it takes all 16 (checkSubnetForCircuits cites Microsoft).
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
				d := f.drg()
				f.attach(d.ID)
				const n = 16 // Microsoft's number of circuits that need a /26
				var circuits []azure.Circuit
				for i := range n {
					c := f.circuit(fmt.Sprintf("er%d", i))
					must[oci.VirtualCircuit](t)(f.oc.CreateVirtualCircuit(f.ctx, vcSpec(c.ServiceKey, d.ID), ""))
					circuits = append(circuits, c)
				}
				time.Sleep(f.lat.VirtualCircuit + f.lat.BGP)
				for i, c := range circuits {
					_, err := f.az.PutConnection(f.ctx, testRG, azure.Connection{Name: fmt.Sprintf("conn%d", i), Location: "eastus",
						GatewayID: g.ID, CircuitID: c.ID})
					if i < n-1 || tc.code == "" {
						noErr(t, err)
						continue
					}
					wantAzureErr(t, err, http.StatusBadRequest, tc.code)
				}
			})
		})
	}
}
