package main

import (
	"bytes"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"go.yaml.in/yaml/v3"
)

// alertRules is the Prometheus rules file format, as far as alerts.yaml
// uses it (Prometheus, "Alerting rules").
type alertRules struct {
	Groups []struct {
		Name  string `yaml:"name"`
		Rules []struct {
			Alert       string            `yaml:"alert"`
			Expr        string            `yaml:"expr"`
			For         string            `yaml:"for"`
			Labels      map[string]string `yaml:"labels"`
			Annotations map[string]string `yaml:"annotations"`
		} `yaml:"rules"`
	} `yaml:"groups"`
}

// exportedMetrics names every metric the monitor's exporter describes.
func exportedMetrics() []string {
	ch := make(chan *prometheus.Desc, 32)
	newExporter("x", 0, 0).Describe(ch)
	close(ch)
	name := regexp.MustCompile(`fqName: "([^"]+)"`)
	var out []string
	for d := range ch {
		out = append(out, name.FindStringSubmatch(d.String())[1])
	}
	return out
}

// TestAlertRules parses examples/monitoring/alerts.yaml (promtool is not
// at hand in CI) and checks that its rules hold together: known keys only,
// durations Prometheus reads, balanced expressions that use only metrics
// the monitor exports, and the alerts the README promises.
func TestAlertRules(t *testing.T) {
	data, err := os.ReadFile("../monitoring/alerts.yaml")
	if err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var rules alertRules
	if err := dec.Decode(&rules); err != nil {
		t.Fatalf("alerts.yaml: %v", err)
	}
	exported := exportedMetrics()
	if len(exported) != 13 {
		t.Fatalf("the exporter describes %d metrics: %v", len(exported), exported)
	}
	metric := regexp.MustCompile(`azoci_interconnect_[a-z_]+`)
	promDuration := regexp.MustCompile(`^([0-9]+(ms|s|m|h|d|w|y))+$`)
	exprs := map[string]string{}
	fors := map[string]time.Duration{}
	for _, g := range rules.Groups {
		if g.Name == "" || len(g.Rules) == 0 {
			t.Errorf("group %q is empty or unnamed", g.Name)
		}
		for _, r := range g.Rules {
			if r.Alert == "" || exprs[r.Alert] != "" {
				t.Errorf("alert %q: missing or duplicate name", r.Alert)
			}
			exprs[r.Alert] = r.Expr
			if r.For != "" {
				if !promDuration.MatchString(r.For) {
					t.Errorf("%s: for %q is not a Prometheus duration", r.Alert, r.For)
				}
				fors[r.Alert], _ = time.ParseDuration(r.For)
			}
			if r.Labels["severity"] != "critical" && r.Labels["severity"] != "warning" {
				t.Errorf("%s: severity %q", r.Alert, r.Labels["severity"])
			}
			if r.Annotations["summary"] == "" || r.Annotations["description"] == "" {
				t.Errorf("%s: needs a summary and a description", r.Alert)
			}
			if err := balanced(r.Expr); err != "" {
				t.Errorf("%s: %s in %q", r.Alert, err, r.Expr)
			}
			used := metric.FindAllString(r.Expr, -1)
			if len(used) == 0 {
				t.Errorf("%s uses no metric of the monitor", r.Alert)
			}
			for _, m := range used {
				if !slices.Contains(exported, m) {
					t.Errorf("%s uses %s, which the monitor does not export", r.Alert, m)
				}
			}
			for _, text := range r.Annotations {
				if err := balanced(text); err != "" {
					t.Errorf("%s: annotation %s", r.Alert, err)
				}
			}
		}
	}
	// The alerts the issue asks for, with their thresholds.
	for alert, want := range map[string][]string{
		"InterconnectBGPDown":       {"azoci_interconnect_bgp_up == 0"},
		"InterconnectARPIncomplete": {`check=~"azure\\.arp\\..+"`, "== 0"},
		"InterconnectLinkSaturated": {"azoci_interconnect_bits_per_second", "azoci_interconnect_bandwidth_bits_per_second", "> 0.8"},
		"InterconnectNotChecked":    {"azoci_interconnect_last_check_timestamp_seconds", "3 * azoci_interconnect_watch_interval_seconds"},
		"InterconnectPacketLoss": {"azoci_interconnect_packet_errors_per_second", "+ on (interconnect, cloud, path)",
			"azoci_interconnect_packet_discards_per_second", "> 0"},
		"InterconnectResiliencyLost": {`azoci_interconnect_check_status{check="interconnect.resiliency"}`, "> 0"},
	} {
		for _, w := range want {
			if !strings.Contains(exprs[alert], w) {
				t.Errorf("%s: expression %q lacks %q", alert, exprs[alert], w)
			}
		}
	}
	for alert, want := range map[string]time.Duration{"InterconnectLinkSaturated": 15 * time.Minute, "InterconnectPacketLoss": 5 * time.Minute,
		"InterconnectResiliencyLost": 10 * time.Minute} {
		if fors[alert] != want {
			t.Errorf("%s holds for %s, want %s", alert, fors[alert], want)
		}
	}
}

// balanced reports an unbalanced bracket or quote, or "".
func balanced(s string) string {
	var stack []rune
	pairs := map[rune]rune{')': '(', ']': '[', '}': '{'}
	inQuote := false
	for i := 0; i < len(s); i++ {
		c := rune(s[i])
		switch {
		case inQuote && c == '\\':
			i++
		case c == '"':
			inQuote = !inQuote
		case inQuote:
		case c == '(' || c == '[' || c == '{':
			stack = append(stack, c)
		case pairs[c] != 0:
			if len(stack) == 0 || stack[len(stack)-1] != pairs[c] {
				return "unbalanced " + string(c)
			}
			stack = stack[:len(stack)-1]
		}
	}
	if inQuote {
		return "unterminated string"
	}
	if len(stack) > 0 {
		return "unclosed " + string(stack[len(stack)-1])
	}
	return ""
}
