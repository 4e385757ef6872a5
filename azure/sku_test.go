package azure

import (
	"strings"
	"testing"
)

func TestGatewayResizeProblem(t *testing.T) {
	tests := []struct {
		from, to string
		ok       bool
	}{
		{SKUErGw1AZ, SKUErGw1AZ, true},
		{SKUErGw1AZ, SKUErGw3AZ, true},
		{SKUErGw2AZ, SKUErGwScale, true},
		{SKUStandard, SKUUltraPerformance, true},
		{SKUErGw1AZ, SKUErGwScale, true},
		{SKUErGw3AZ, SKUErGwScale, true},
		// The two downgrades Azure does in place.
		{SKUHighPerformance, SKUStandard, true},
		{SKUErGw2AZ, SKUErGw1AZ, true},
		// Every other downgrade needs a new gateway.
		{SKUErGw3AZ, SKUErGw1AZ, false},
		{SKUErGw3AZ, SKUErGw2AZ, false},
		{SKUErGwScale, SKUErGw3AZ, false},
		{SKUErGwScale, SKUErGw1AZ, false},
		{SKUUltraPerformance, SKUHighPerformance, false},
		{SKUUltraPerformance, SKUStandard, false},
		{SKUStandard, SKUErGw1AZ, false},
		{SKUErGw3AZ, SKUUltraPerformance, false},
		{"Basic", SKUErGw1AZ, false},
	}
	for _, tt := range tests {
		got := GatewayResizeProblem(tt.from, tt.to)
		if (got == "") != tt.ok {
			t.Errorf("GatewayResizeProblem(%s, %s) = %q, want ok=%v", tt.from, tt.to, got, tt.ok)
		}
		if !tt.ok && (!strings.Contains(got, tt.from) || !strings.Contains(got, tt.to)) {
			t.Errorf("GatewayResizeProblem(%s, %s) = %q does not name both SKUs", tt.from, tt.to, got)
		}
	}
}

func TestGatewaySKUFacts(t *testing.T) {
	for _, sku := range GatewaySKUs {
		az := sku == SKUErGw1AZ || sku == SKUErGw2AZ || sku == SKUErGw3AZ || sku == SKUErGwScale
		if ZoneRedundantSKU(sku) != az {
			t.Errorf("ZoneRedundantSKU(%s) = %v", sku, !az)
		}
	}
	for _, tt := range []struct {
		sku   string
		units int
		want  bool
	}{
		{SKUErGw3AZ, 0, true}, {SKUUltraPerformance, 0, true}, {SKUErGwScale, 10, true},
		{SKUErGwScale, 9, false}, {SKUErGw2AZ, 0, false}, {SKUHighPerformance, 0, false},
	} {
		if got := GatewaySupportsFastPath(tt.sku, tt.units); got != tt.want {
			t.Errorf("GatewaySupportsFastPath(%s, %d) = %v", tt.sku, tt.units, got)
		}
	}
}
