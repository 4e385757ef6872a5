package azure_test

import (
	"testing"
	"time"

	"github.com/azoci/interconnect/azure"
)

// TestTimeGrain: every Azure Monitor time grain writes as Microsoft spells
// it and reads back; malformed durations are refused.
func TestTimeGrain(t *testing.T) {
	want := []string{"PT1M", "PT5M", "PT15M", "PT30M", "PT1H", "PT6H", "PT12H", "P1D"}
	for i, d := range azure.TimeGrains {
		if got := azure.FormatTimeGrain(d); got != want[i] {
			t.Errorf("FormatTimeGrain(%v) = %q, want %q", d, got, want[i])
		}
		if got, err := azure.ParseTimeGrain(want[i]); err != nil || got != d {
			t.Errorf("ParseTimeGrain(%q) = %v, %v; want %v", want[i], got, err, d)
		}
	}
	for in, d := range map[string]time.Duration{"pt1h30m": 90 * time.Minute, "P2DT3H": 51 * time.Hour, "PT45S": 45 * time.Second} {
		if got, err := azure.ParseTimeGrain(in); err != nil || got != d {
			t.Errorf("ParseTimeGrain(%q) = %v, %v; want %v", in, got, err, d)
		}
	}
	if got := azure.FormatTimeGrain(26*time.Hour + 90*time.Second); got != "P1DT2H1M30S" {
		t.Errorf("FormatTimeGrain = %q", got)
	}
	if got := azure.FormatTimeGrain(0); got != "PT0S" {
		t.Errorf("FormatTimeGrain(0) = %q", got)
	}
	for _, bad := range []string{"", "P", "1M", "PT", "P1M", "PT1D", "P1W", "PT1.5M", "PT0M", "PTT1M", "PT1H2"} {
		if d, err := azure.ParseTimeGrain(bad); err == nil {
			t.Errorf("ParseTimeGrain(%q) = %v, want an error", bad, d)
		}
	}
}
