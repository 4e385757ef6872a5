package plan

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

const testSecret = "5f1c0a2e-0000-4000-8000-000000000abc"

func samplePlan() *Plan {
	return &Plan{Name: "demo", Notes: []string{"costs money"}, Steps: []Step{
		{ID: "azure/public-ip", Action: Create, Cloud: "azure", Kind: "public-ip", Name: "gw-pip", Estimate: 30 * time.Second},
		{ID: "azure/gateway", Action: Update, Cloud: "azure", Kind: "gateway", Name: "gw", Reason: "FastPath", Estimate: 40 * time.Minute,
			DependsOn: []string{"azure/public-ip"}, Changes: []Change{{Field: "sku", Old: "ErGw1AZ", New: "ErGw3AZ"}}},
		{ID: "azure/circuit", Action: NoOp, Cloud: "azure", Kind: "expressroute-circuit", Name: "demo-er", Estimate: time.Minute},
		{ID: "oci/virtual-circuit", Action: Create, Cloud: "oci", Kind: "virtual-circuit", Name: "demo-vc", Estimate: 3 * time.Minute,
			DependsOn: []string{"azure/circuit"}, Changes: []Change{{Field: "providerServiceKeyName", New: testSecret, Sensitive: true}}},
		{ID: "oci/bgp-session", Action: Wait, Estimate: time.Minute, DependsOn: []string{"oci/virtual-circuit"}},
		{ID: "azure/connection", Action: Delete, Estimate: 3 * time.Minute, DependsOn: []string{"azure/gateway", "oci/virtual-circuit"}},
	}}
}

func TestWriteText(t *testing.T) {
	var b bytes.Buffer
	if err := samplePlan().WriteText(&b, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		`Plan for interconnect "demo": 6 steps, 2 to create, 1 to update, 1 to delete, 1 to wait for, 1 unchanged.`,
		"+ azure/public-ip  public-ip gw-pip  (~30s, critical path)",
		"~ azure/gateway  gateway gw  (~40m, critical path)",
		"    sku: ErGw1AZ -> ErGw3AZ",
		"providerServiceKeyName: (sensitive)",
		"… oci/bgp-session",
		"- azure/connection",
		"Critical path: azure/public-ip → azure/gateway → azure/connection (~43m30s).",
		"  - costs money",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("text plan lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "expressroute-circuit demo-er") || strings.Contains(out, "\x1b[") {
		t.Errorf("no-op shown or colour used without asking:\n%s", out)
	}
	if strings.Contains(out, testSecret) {
		t.Fatal("secret leaked into the text plan")
	}
	b.Reset()
	_ = samplePlan().WriteText(&b, TextOptions{Color: true, ShowNoOps: true})
	if !strings.Contains(b.String(), "\x1b[32m+ azure/public-ip\x1b[0m") || !strings.Contains(b.String(), "azure/circuit") {
		t.Errorf("colour or no-ops missing:\n%s", b.String())
	}
}

func TestWriteJSON(t *testing.T) {
	var b bytes.Buffer
	if err := samplePlan().WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), testSecret) {
		t.Fatal("secret leaked into the JSON plan")
	}
	var got struct {
		FormatVersion int
		Summary       Summary
		Steps         []struct {
			ID              string
			Action          string
			Changes         []Change
			DependsOn       []string
			EstimateSeconds float64
			Critical        bool
		}
		CriticalPath struct {
			Steps           []string
			EstimateSeconds float64
		}
		Notes []string
	}
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.FormatVersion != JSONFormatVersion || got.Summary.Create != 2 || len(got.Steps) != 6 {
		t.Fatalf("unexpected JSON: %+v", got)
	}
	if s := got.Steps[1]; s.Action != "update" || !s.Critical || s.EstimateSeconds != 2400 || s.Changes[0].Old != "ErGw1AZ" {
		t.Errorf("gateway step = %+v", s)
	}
	if s := got.Steps[3]; s.Changes[0].New != Redacted || !s.Changes[0].Sensitive {
		t.Errorf("sensitive change = %+v", s.Changes[0])
	}
	if got.CriticalPath.EstimateSeconds != 2610 || len(got.CriticalPath.Steps) != 3 {
		t.Errorf("critical path = %+v", got.CriticalPath)
	}
	if s := got.Steps[0]; s.DependsOn == nil || s.Changes == nil {
		t.Error("empty lists must be [] not null")
	}
}

func TestWriteMermaid(t *testing.T) {
	var b bytes.Buffer
	if err := samplePlan().WriteMermaid(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"flowchart LR",
		`s0["+ azure/public-ip<br/>create ~30s"]`,
		"s0 --> s1",
		"class s0,s1,s5 critical",
		"class s2 noop",
		// Edges in order: pip→gateway (0), circuit→vc (1), vc→bgp (2),
		// gateway→connection (3), vc→connection (4); 0 and 3 are critical.
		"linkStyle 0,3 stroke:#d33",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("mermaid lacks %q:\n%s", want, out)
		}
	}
}

// groupedPlan is samplePlan with its steps grouped by network.
func groupedPlan() *Plan {
	p := samplePlan()
	for i := range p.Steps {
		switch p.Steps[i].Cloud {
		case "azure":
			p.Steps[i].Group = "azure: hub VNet rg/hub"
		default:
			p.Steps[i].Group = "the interconnect"
		}
	}
	p.Steps[5].Group = "azure: spoke VNet rg/app"
	return p
}

func TestGroups(t *testing.T) {
	if g := samplePlan().Groups(); g != nil {
		t.Errorf("ungrouped plan: groups %q", g)
	}
	p := groupedPlan()
	want := []string{"azure: hub VNet rg/hub", "the interconnect", "azure: spoke VNet rg/app"}
	if g := p.Groups(); strings.Join(g, "|") != strings.Join(want, "|") {
		t.Errorf("groups %q, want %q", g, want)
	}

	var b bytes.Buffer
	if err := p.WriteText(&b, TextOptions{ShowNoOps: true}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	// Each group once, with its steps under it, in the groups' order.
	idx := func(s string) int { return strings.Index(out, s) }
	seq := []string{"=== azure: hub VNet rg/hub ===", "+ azure/public-ip", "~ azure/gateway", "  azure/circuit",
		"=== the interconnect ===", "+ oci/virtual-circuit", "… oci/bgp-session",
		"=== azure: spoke VNet rg/app ===", "- azure/connection"}
	for i := 1; i < len(seq); i++ {
		if idx(seq[i-1]) < 0 || idx(seq[i]) < idx(seq[i-1]) {
			t.Errorf("%q does not come after %q:\n%s", seq[i], seq[i-1], out)
		}
	}
	if n := strings.Count(out, "==="); n != 6 {
		t.Errorf("%d group markers, want 3 headers:\n%s", n, out)
	}

	b.Reset()
	if err := p.WriteMermaid(&b); err != nil {
		t.Fatal(err)
	}
	m := b.String()
	for _, want := range []string{"  subgraph g0[\"azure: hub VNet rg/hub\"]\n    s0[", "  subgraph g2[\"azure: spoke VNet rg/app\"]\n    s5[", "  end\n"} {
		if !strings.Contains(m, want) {
			t.Errorf("mermaid lacks %q:\n%s", want, m)
		}
	}

	b.Reset()
	if err := p.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	back, err := ReadJSON(&b)
	if err != nil {
		t.Fatal(err)
	}
	if g := back.Groups(); strings.Join(g, "|") != strings.Join(want, "|") {
		t.Errorf("groups after a JSON round trip: %q", g)
	}
}
