package interconnect

import (
	"context"
	"errors"
	"net/netip"
	"testing"
	"testing/synctest"
)

// TestRecreateMarksRefusedChanges: the changes the clouds refuse to make to
// an applied interconnect, which only destroying it and applying again
// resolves, come back as problems with Recreate set; offline problems and
// problems a fix to the spec resolves do not.
func TestRecreateMarksRefusedChanges(t *testing.T) {
	tests := []struct {
		name     string
		first    func(*Spec) // how the applied interconnect differs from simSpec's
		change   func(*Spec)
		field    string
		recreate bool
	}{
		{"bandwidth lowered", func(s *Spec) { s.Bandwidth = 2 * Gbps }, func(s *Spec) { s.Bandwidth = Gbps }, "bandwidth", true},
		{"peering location moved", nil, func(s *Spec) { s.Azure.PeeringLocation = "Washington DC2" }, "azure.peeringLocation", true},
		{"back to MeteredData", func(s *Spec) { s.Azure.CircuitSKU.Family = "UnlimitedData" }, func(s *Spec) { s.Azure.CircuitSKU.Family = "MeteredData" }, "azure.circuitSku.family", true},
		{"gateway to non-AZ", nil, func(s *Spec) { s.Azure.Gateway.SKU = "UltraPerformance" }, "azure.gateway.sku", true},
		{"BGP blocks changed", nil, func(s *Spec) {
			s.Peering.Primary, s.Peering.Secondary = netip.MustParsePrefix("192.168.250.0/30"), netip.MustParsePrefix("192.168.250.4/30")
		}, "peering.primary", true},
		{"VNet missing (fix the spec)", nil, func(s *Spec) { s.Azure.VirtualNetwork = "vnet-other" }, "azure.virtualNetwork", false},
		{"offline problem", nil, func(s *Spec) { s.Peering.VLAN = 5000 }, "peering.vlan", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ctx := context.Background()
				w := seedWorld()
				c := newSimClient(w)
				s := simSpec(t, "")
				if tt.first != nil {
					tt.first(&s)
				}
				p, err := c.Plan(ctx, s)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := c.Apply(ctx, p); err != nil {
					t.Fatal(err)
				}
				tt.change(&s)
				_, err = c.Plan(ctx, s)
				var v *ValidationError
				if !errors.As(err, &v) {
					t.Fatalf("Plan error = %v, want a *ValidationError", err)
				}
				found := false
				for _, fe := range v.Problems {
					if fe.Field != tt.field {
						continue
					}
					found = true
					if fe.Recreate != tt.recreate {
						t.Errorf("%s: Recreate = %v, want %v", fe, fe.Recreate, tt.recreate)
					}
				}
				if !found {
					t.Errorf("no problem on %s in:\n%v", tt.field, err)
				}
			})
		})
	}
}
