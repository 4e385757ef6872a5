package azure

import "testing"

func TestGatewayMaxConnections(t *testing.T) {
	for _, tt := range []struct {
		sku   string
		units int
		want  int
	}{
		{SKUStandard, 0, 4}, {SKUErGw1AZ, 0, 4},
		{SKUHighPerformance, 0, 8}, {SKUErGw2AZ, 0, 8},
		{SKUUltraPerformance, 0, 16}, {SKUErGw3AZ, 0, 16},
		{SKUErGwScale, 0, 0}, {SKUErGwScale, 1, 4}, {SKUErGwScale, 2, 8}, {SKUErGwScale, 9, 8},
		{SKUErGwScale, 10, 16}, {SKUErGwScale, 40, 16},
		{"Basic", 0, 0}, {"", 0, 0},
	} {
		if got := GatewayMaxConnections(tt.sku, tt.units); got != tt.want {
			t.Errorf("GatewayMaxConnections(%q, %d) = %d, want %d", tt.sku, tt.units, got, tt.want)
		}
	}
	// Every SKU a gateway can have takes two locations' circuits, the
	// maximum-resiliency design.
	for _, sku := range GatewaySKUs {
		units := 0
		if sku == SKUErGwScale {
			units = 1
		}
		if GatewayMaxConnections(sku, units) < 2 {
			t.Errorf("%s takes fewer than two connections", sku)
		}
	}
}

func TestFailoverTestStatusActive(t *testing.T) {
	active := map[FailoverTestStatus]bool{FailoverStarting: true, FailoverRunning: true, FailoverStopping: true, FailoverStopFailed: true}
	for _, s := range []FailoverTestStatus{FailoverNotStarted, FailoverStarting, FailoverRunning, FailoverStartFailed,
		FailoverStopping, FailoverCompleted, FailoverStopFailed, FailoverInvalid, FailoverExpired} {
		if s.Active() != active[s] {
			t.Errorf("%s.Active() = %v", s, s.Active())
		}
	}
}
