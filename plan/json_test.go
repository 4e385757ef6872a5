package plan

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/azoci/interconnect/secret"
)

// TestJSONRoundTrip: a plan survives WriteJSON and ReadJSON whole (steps,
// resources, changes with refs and secret names, dependencies, estimates,
// notes, the spec), and without its secrets.
func TestJSONRoundTrip(t *testing.T) {
	p := samplePlan()
	p.Spec = json.RawMessage(`{"name":"demo"}`)
	p.Steps[3].Resource = ""
	p.Steps[3].Changes = append(p.Steps[3].Changes,
		Change{Field: "gatewayId", New: KnownAfterApply, Ref: "oci/drg"},
		Change{Field: "bgpMd5AuthKey", New: Redacted, Sensitive: true, Secret: "peering.md5AuthKey"})
	p.Steps[1].Resource = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworkGateways/gw"
	p.SetSecret("peering.md5AuthKey", secret.Value("md5-in-memory"))

	var b bytes.Buffer
	if err := p.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "md5-in-memory") || strings.Contains(b.String(), testSecret) {
		t.Fatalf("a secret reached the saved plan:\n%s", b.String())
	}
	got, err := ReadJSON(&b)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Decoded() || p.Decoded() {
		t.Errorf("Decoded: read %v, made %v", got.Decoded(), p.Decoded())
	}
	want := samplePlan()
	want.Spec, want.Steps = p.Spec, p.Steps
	// What survives: everything but the secrets, which read back redacted.
	want.Steps[3].Changes[0].New = Redacted
	if !reflect.DeepEqual(got.Steps, want.Steps) || got.Name != want.Name || !reflect.DeepEqual(got.Notes, want.Notes) ||
		compact(t, got.Spec) != compact(t, want.Spec) || got.Destroy != want.Destroy {
		t.Errorf("round trip changed the plan:\ngot  %+v\nwant %+v", got, want)
	}
	if m := got.MissingSecrets(); len(m) != 1 || m[0] != "peering.md5AuthKey" {
		t.Errorf("MissingSecrets = %v, want [peering.md5AuthKey]", m)
	}
	got.SetSecret("peering.md5AuthKey", "k")
	if m := got.MissingSecrets(); len(m) != 0 {
		t.Errorf("MissingSecrets after SetSecret = %v", m)
	}
}

func TestReadJSONRefuses(t *testing.T) {
	var b bytes.Buffer
	if err := samplePlan().WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	good := b.String()
	for _, tt := range []struct{ name, in, want string }{
		{"not JSON", "plan", "not a saved plan"},
		{"another version", strings.Replace(good, `"formatVersion": 2`, `"formatVersion": 1`, 1), "format version 1"},
		{"a secret in clear", strings.Replace(good, `"new": "(sensitive)"`, `"new": "leaked"`, 1), "in clear"},
		{"a cycle", strings.Replace(good, `"dependsOn": []`, `"dependsOn": ["azure/connection"]`, 1), "cycle"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := ReadJSON(strings.NewReader(tt.in)); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ReadJSON error = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestNoChangeHasNoCriticalPath(t *testing.T) {
	p := &Plan{Name: "same", Steps: []Step{{ID: "a", Action: NoOp, Estimate: time.Minute}}}
	var text, js bytes.Buffer
	if err := p.WriteText(&text, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(text.String(), "Critical path") {
		t.Errorf("no-change text plan shows a critical path:\n%s", text.String())
	}
	if err := p.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	var got struct {
		CriticalPath struct {
			Steps           []string
			EstimateSeconds float64
		}
	}
	if err := json.Unmarshal(js.Bytes(), &got); err != nil || len(got.CriticalPath.Steps) != 0 || got.CriticalPath.EstimateSeconds != 0 {
		t.Errorf("no-change JSON critical path = %+v, %v", got.CriticalPath, err)
	}
}

func compact(t *testing.T, raw json.RawMessage) string {
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestReadJSONRefusesKnownSecretsInClear: a plan hand-edited to hold the
// service key or the MD5 key in clear is refused whatever its "sensitive"
// flag says (and without its "secret" or "ref"), without echoing the value;
// one that still holds "(sensitive)" reads back marked Sensitive.
func TestReadJSONRefusesKnownSecretsInClear(t *testing.T) {
	const clear = "hand-edited-cleartext-key"
	for _, field := range []string{"providerServiceKeyName", "bgpMd5AuthKey", "sharedKey", "crossConnectMappings[1].bgpMd5AuthKey"} {
		for _, flag := range []string{"true", "false"} {
			t.Run(field+" sensitive "+flag, func(t *testing.T) {
				p := &Plan{Name: "edited", Steps: []Step{{ID: "oci/virtual-circuit", Action: Create,
					Changes: []Change{{Field: "bandwidthShapeName", New: "1 Gbps"}, {Field: field, New: Redacted, Sensitive: true}}}}}
				data, err := p.MarshalJSON()
				if err != nil {
					t.Fatal(err)
				}
				edited := strings.Replace(string(data), `"new":"(sensitive)","sensitive":true`, `"new":"`+clear+`","sensitive":`+flag, 1)
				if edited == string(data) {
					t.Fatalf("the edit did not apply to %s", data)
				}
				_, err = ReadJSON(strings.NewReader(edited))
				if err == nil || !strings.Contains(err.Error(), "in clear in "+field) || strings.Contains(err.Error(), clear) {
					t.Fatalf("ReadJSON(%s) error = %v; want a refusal naming %s, without the value", edited, err, field)
				}
				t.Log(err)

				// Marked not sensitive, but redacted: accepted, and Sensitive again.
				redacted := strings.Replace(string(data), `"sensitive":true`, `"sensitive":false`, 1)
				got, err := ReadJSON(strings.NewReader(redacted))
				if err != nil {
					t.Fatal(err)
				}
				if c, _ := got.Steps[0].Change(field); !c.Sensitive || c.New != Redacted {
					t.Errorf("read back %+v, want Sensitive and %s", c, Redacted)
				}
			})
		}
	}
}

// TestKnownSecretsRedactedWhateverTheFlag: a change of a secret field that
// is not marked Sensitive (a plan built by hand in memory) still renders as
// "(sensitive)" in text and JSON.
func TestKnownSecretsRedactedWhateverTheFlag(t *testing.T) {
	const clear = "in-memory-cleartext-key"
	p := &Plan{Name: "unmarked", Steps: []Step{{ID: "azure/private-peering", Action: Create,
		Changes: []Change{{Field: "sharedKey", New: clear}, {Field: "vlanId", New: "100"}}}}}
	var text, js bytes.Buffer
	if err := p.WriteText(&text, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := p.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"text": text.String(), "JSON": js.String()} {
		if strings.Contains(out, clear) || !strings.Contains(out, Redacted) || !strings.Contains(out, "100") {
			t.Errorf("%s rendering:\n%s", name, out)
		}
	}
}
