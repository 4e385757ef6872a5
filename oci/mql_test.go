package oci_test

import (
	"testing"
	"time"

	"github.com/azoci/interconnect/oci"
)

// TestMQL checks the queries MQL writes: dimensions sorted and quoted with
// their escapes, braces left out without dimensions.
func TestMQL(t *testing.T) {
	tests := []struct {
		metric    string
		interval  time.Duration
		statistic string
		dims      map[string]string
		want      string
	}{
		{oci.MetricIPv4BGPSessionState, time.Minute, oci.StatisticMean,
			map[string]string{oci.DimensionResourceID: "ocid1.virtualcircuit.oc1..x"},
			`Ipv4BgpSessionState[1m]{resourceId = "ocid1.virtualcircuit.oc1..x"}.mean()`},
		{oci.MetricBitsReceived, 5 * time.Minute, oci.StatisticSum, nil, `BitsReceived[5m].sum()`},
		{oci.MetricPacketDropsToDRGAttachment, time.Hour, oci.StatisticMax,
			map[string]string{oci.DimensionResourceID: "a", oci.DimensionDropType: oci.DropTypeNoRoute},
			`PacketDropsToDrgAttachment[1h]{dropType = "noRoute", resourceId = "a"}.max()`},
		{oci.MetricConnectionState, 24 * time.Hour, oci.StatisticMin,
			map[string]string{oci.DimensionResourceName: `say "hi" \ bye`},
			`ConnectionState[1d]{resourceName = "say \"hi\" \\ bye"}.min()`},
	}
	for _, tt := range tests {
		if got := oci.MQL(tt.metric, tt.interval, tt.statistic, tt.dims); got != tt.want {
			t.Errorf("MQL = %s, want %s", got, tt.want)
		}
	}
}

// TestIntervals checks that every interval MQL accepts reads back as
// written, and that the others are refused.
func TestIntervals(t *testing.T) {
	good := map[string]time.Duration{"1m": time.Minute, "5m": 5 * time.Minute, "60m": time.Hour, "1h": time.Hour,
		"24h": 24 * time.Hour, "1d": 24 * time.Hour}
	for s, want := range good {
		if got, err := oci.ParseInterval(s); err != nil || got != want {
			t.Errorf("ParseInterval(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	for _, s := range []string{"", "m", "0m", "61m", "25h", "2d", "1s", "-1m", "+1m", "01m", "1.5m", "1M", "1 m", "1w"} {
		if got, err := oci.ParseInterval(s); err == nil {
			t.Errorf("ParseInterval(%q) = %v, want an error", s, got)
		} else if want := `interval "` + s + `" is not one of 1m-60m, 1h-24h, 1d`; err.Error() != want {
			t.Errorf("ParseInterval(%q) error %q, want %q", s, err, want)
		}
	}
	formats := map[time.Duration]string{time.Minute: "1m", 45 * time.Minute: "45m", time.Hour: "1h", 90 * time.Minute: "90m",
		6 * time.Hour: "6h", 24 * time.Hour: "1d", 48 * time.Hour: "2d", 90 * time.Second: "1m30s", 0: "0s"}
	for d, want := range formats {
		if got := oci.FormatInterval(d); got != want {
			t.Errorf("FormatInterval(%v) = %q, want %q", d, got, want)
		}
	}
	for d, want := range map[time.Duration]bool{time.Minute: true, time.Hour: true, 24 * time.Hour: true, 90 * time.Minute: false,
		48 * time.Hour: false, 30 * time.Second: false, 0: false, -time.Minute: false} {
		if got := oci.ValidInterval(d); got != want {
			t.Errorf("ValidInterval(%v) = %v, want %v", d, got, want)
		}
	}
}
