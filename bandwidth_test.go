package interconnect

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

func TestParseBandwidth(t *testing.T) {
	tests := []struct {
		in      string
		want    Bandwidth
		wantErr string // substring; "" means no error
	}{
		{in: "1Gbps", want: 1 * Gbps},
		{in: "1 Gbps", want: 1 * Gbps},
		{in: "1gbps", want: 1 * Gbps},
		{in: "1GBPS", want: 1 * Gbps},
		{in: "  2Gbps  ", want: 2 * Gbps},
		{in: "5 gbps", want: 5 * Gbps},
		{in: "10Gbps", want: 10 * Gbps},
		{in: "1000Mbps", want: 1 * Gbps},
		{in: "1000 Mbps", want: 1 * Gbps},
		{in: "1000mbps", want: 1 * Gbps},
		{in: "1000", want: 1 * Gbps},
		{in: "10000", want: 10 * Gbps},
		{in: "2000 MBPS", want: 2 * Gbps},
		{in: "0.5Gbps", wantErr: "not offered"},
		{in: "1.5Gbps", wantErr: "1.5Gbps\" (1500Mbps) is not offered"},
		{in: "3Gbps", wantErr: "use 1Gbps, 2Gbps, 5Gbps or 10Gbps"},
		{in: "100Mbps", wantErr: "not offered"},
		{in: "100", wantErr: "not offered"},
		{in: "20Gbps", wantErr: "not offered"},
		{in: "", wantErr: "empty"},
		{in: "   ", wantErr: "empty"},
		{in: "Gbps", wantErr: "not a bandwidth"},
		{in: "1 G", wantErr: "not a bandwidth"},
		{in: "1Tbps", wantErr: "not a bandwidth"},
		{in: "one gig", wantErr: "not a bandwidth"},
		{in: "-1Gbps", wantErr: "not a bandwidth"},
		{in: "1e3", wantErr: "not a bandwidth"},
		{in: "1..0Gbps", wantErr: "not a bandwidth"},
		{in: ".5Gbps", wantErr: "not a bandwidth"},
		{in: "1.Gbps", wantErr: "not a bandwidth"},
		{in: "0", wantErr: "more than zero"},
		{in: "0Gbps", wantErr: "more than zero"},
		{in: "1.0001Mbps", wantErr: "whole number of Mbps"},
		{in: "99999999999999999999Gbps", wantErr: "too large"},
		{in: "1 Gbps Gbps", wantErr: "not a bandwidth"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseBandwidth(tt.in)
			if tt.wantErr == "" {
				if err != nil || got != tt.want {
					t.Fatalf("ParseBandwidth(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("ParseBandwidth(%q) = %v, %v; want error containing %q", tt.in, got, err, tt.wantErr)
			}
		})
	}
}

func TestBandwidthMethods(t *testing.T) {
	tests := []struct {
		b      Bandwidth
		str    string
		shape  string
		azure  int32
		mbps   int
		isSupp bool
	}{
		{1 * Gbps, "1Gbps", "1 Gbps", 1000, 1000, true},
		{2 * Gbps, "2Gbps", "2 Gbps", 2000, 2000, true},
		{5 * Gbps, "5Gbps", "5 Gbps", 5000, 5000, true},
		{10 * Gbps, "10Gbps", "10 Gbps", 10000, 10000, true},
		{1500 * Mbps, "1500Mbps", "1500 Mbps", 1500, 1500, false},
		{0, "0Mbps", "0 Gbps", 0, 0, false},
	}
	for _, tt := range tests {
		if got := tt.b.String(); got != tt.str {
			t.Errorf("%d.String() = %q, want %q", int(tt.b), got, tt.str)
		}
		if got := tt.b.OCIShape(); got != tt.shape {
			t.Errorf("%d.OCIShape() = %q, want %q", int(tt.b), got, tt.shape)
		}
		if got := tt.b.AzureMbps(); got != tt.azure {
			t.Errorf("%d.AzureMbps() = %d, want %d", int(tt.b), got, tt.azure)
		}
		if got := tt.b.Mbps(); got != tt.mbps {
			t.Errorf("%d.Mbps() = %d, want %d", int(tt.b), got, tt.mbps)
		}
		if got := tt.b.IsSupported(); got != tt.isSupp {
			t.Errorf("%d.IsSupported() = %v, want %v", int(tt.b), got, tt.isSupp)
		}
	}
	want := []Bandwidth{1000, 2000, 5000, 10000}
	got := SupportedBandwidths()
	if !slices.Equal(got, want) {
		t.Fatalf("SupportedBandwidths() = %v, want %v", got, want)
	}
	got[0] = 7
	if SupportedBandwidths()[0] != 1000 {
		t.Fatal("SupportedBandwidths returned a slice aliasing package state")
	}
}

func TestBandwidthTextJSONYAML(t *testing.T) {
	type holder struct {
		B Bandwidth `json:"bandwidth" yaml:"bandwidth"`
	}
	for _, in := range []string{`{"bandwidth":"1Gbps"}`, `{"bandwidth":1000}`, `{"bandwidth":"1000 Mbps"}`} {
		var h holder
		if err := json.Unmarshal([]byte(in), &h); err != nil || h.B != Gbps {
			t.Errorf("json %s: got %v, %v", in, h.B, err)
		}
	}
	// A well-formed bandwidth that is not offered decodes, as in ParseSpec,
	// and Validate refuses it (see TestBandwidthDecodersAgree).
	for _, in := range []string{`{"bandwidth":"3Gbps"}`, `{"bandwidth":3000}`} {
		var h holder
		if err := json.Unmarshal([]byte(in), &h); err != nil || h.B != 3*Gbps || h.B.IsSupported() {
			t.Errorf("json %s: got %v, %v; want 3Gbps, not supported", in, h.B, err)
		}
	}
	for _, in := range []string{`{"bandwidth":true}`, `{"bandwidth":"fast"}`, `{"bandwidth":0}`} {
		var h holder
		if err := json.Unmarshal([]byte(in), &h); err == nil {
			t.Errorf("json %s: no error, got %v", in, h.B)
		}
	}
	var h holder
	if err := json.Unmarshal([]byte(`{"bandwidth":null}`), &h); err != nil || h.B != 0 {
		t.Errorf("json null: got %v, %v", h.B, err)
	}
	out, err := json.Marshal(holder{B: 5 * Gbps})
	if err != nil || string(out) != `{"bandwidth":"5Gbps"}` {
		t.Errorf("json.Marshal = %s, %v", out, err)
	}

	for _, in := range []string{"bandwidth: 1000\n", "bandwidth: 1Gbps\n", "bandwidth: \"1 gbps\"\n"} {
		var h holder
		if err := yaml.Unmarshal([]byte(in), &h); err != nil || h.B != Gbps {
			t.Errorf("yaml %q: got %v, %v", in, h.B, err)
		}
	}
	for _, in := range []string{"bandwidth: -3000\n", "bandwidth: [1]\n", "bandwidth: fast\n"} {
		var h holder
		if err := yaml.Unmarshal([]byte(in), &h); err == nil {
			t.Errorf("yaml %q: no error, got %v", in, h.B)
		}
	}
	yout, err := yaml.Marshal(holder{B: 10 * Gbps})
	if err != nil || string(yout) != "bandwidth: 10Gbps\n" {
		t.Errorf("yaml.Marshal = %q, %v", yout, err)
	}

	var b Bandwidth = 5
	if err := b.UnmarshalText(nil); err != nil || b != 0 {
		t.Errorf("UnmarshalText(empty) = %v, %v; want 0, nil", b, err)
	}
	if text, _ := Bandwidth(0).MarshalText(); len(text) != 0 {
		t.Errorf("zero MarshalText = %q, want empty", text)
	}
}

// bandwidthInputs are written values of the bandwidth key, in YAML; those
// that are also JSON are tried through encoding/json too.
var bandwidthInputs = []string{
	`1Gbps`, `"1Gbps"`, `1 Gbps`, `1gbps`, `1000`, `"1000"`, `1000Mbps`, `"1000 Mbps"`, `1000.0`, `1.0e3`,
	`0x3E8`, `0o1750`, `2Gbps`, `5Gbps`, `10Gbps`, `10000`, `3Gbps`, `3000`, `1.5Gbps`, `1500`, `0.5`, `0`, `-1000`,
	`0Gbps`, `""`, `null`, `~`, `true`, `fast`, `[1000]`, `{a: 1}`, `1e3`, `.inf`, `99999999999999999999`,
	`1000000000Gbps`, `"1.Gbps"`, `" 1Gbps "`, `!!str 1000`, `1_000`,
}

// decodeWith decodes data into a Spec with unmarshal, then validates it.
func decodeWith(unmarshal func([]byte, any) error, data []byte) (Bandwidth, bool) {
	var s Spec
	if err := unmarshal(data, &s); err != nil {
		return 0, false
	}
	return s.Bandwidth, s.Validate() == nil
}

// TestBandwidthDecodersAgree: for every input, yaml.Unmarshal or
// json.Unmarshal into a Spec followed by Validate accepts and rejects
// exactly what ParseSpec followed by Validate does, with the same value.
func TestBandwidthDecodersAgree(t *testing.T) {
	base := string(mustRead(t, "testdata/full.yaml"))
	if s, err := ParseSpec([]byte(replaceBandwidth(base, "1Gbps"))); err != nil || s.Validate() != nil {
		t.Fatalf("the base spec testdata/full.yaml does not validate with 1Gbps: %v", err)
	}
	jsonBase := string(mustRead(t, "testdata/full.json"))
	accepted, jsonInputs := 0, 0
	for _, in := range bandwidthInputs {
		data := []byte(replaceBandwidth(base, in))
		var parsed Bandwidth
		s, err := ParseSpec(data)
		okParse := err == nil && s.Validate() == nil
		if err == nil {
			parsed = s.Bandwidth
		}
		yb, okYAML := decodeWith(yaml.Unmarshal, data)
		if okParse != okYAML || (okParse && parsed != yb) {
			t.Errorf("bandwidth: %s: ParseSpec+Validate accepts=%v (%v), yaml.Unmarshal+Validate accepts=%v (%v)", in, okParse, parsed, okYAML, yb)
		}
		if json.Valid([]byte(in)) {
			// The same value in the JSON form of the spec.
			js := []byte(replaceJSONBandwidth(jsonBase, in))
			var jparsed Bandwidth
			s, err := ParseSpec(js)
			okJParse := err == nil && s.Validate() == nil
			if err == nil {
				jparsed = s.Bandwidth
			}
			jb, okJSON := decodeWith(json.Unmarshal, js)
			if okJParse != okJSON || (okJParse && jparsed != jb) {
				t.Errorf("JSON bandwidth %s: ParseSpec+Validate accepts=%v (%v), json.Unmarshal+Validate accepts=%v (%v)", in, okJParse, jparsed, okJSON, jb)
			}
			jsonInputs++
		}
		if okParse {
			accepted++
		}
	}
	t.Logf("%d bandwidth inputs (%d also as JSON), %d accepted by every decoder, the rest refused by every decoder", len(bandwidthInputs), jsonInputs, accepted)
}

func replaceBandwidth(spec, value string) string {
	lines := strings.Split(spec, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "bandwidth:") {
			lines[i] = "bandwidth: " + value
		}
	}
	return strings.Join(lines, "\n")
}

// replaceJSONBandwidth sets the value of the "bandwidth" key of a JSON spec
// written one key per line.
func replaceJSONBandwidth(spec, value string) string {
	lines := strings.Split(spec, "\n")
	for i, l := range lines {
		if k := strings.Index(l, `"bandwidth":`); k >= 0 {
			lines[i] = l[:k] + `"bandwidth": ` + value + ","
		}
	}
	return strings.Join(lines, "\n")
}

func FuzzBandwidthDecodersAgree(f *testing.F) {
	for _, in := range bandwidthInputs {
		f.Add(in)
	}
	base := string(mustRead(f, "testdata/full.yaml"))
	if s, err := ParseSpec([]byte(replaceBandwidth(base, "1Gbps"))); err != nil || s.Validate() != nil {
		f.Fatalf("the base spec testdata/full.yaml does not validate with 1Gbps: %v", err)
	}
	f.Fuzz(func(t *testing.T, in string) {
		if strings.ContainsAny(in, "\n\r") {
			return
		}
		data := []byte(replaceBandwidth(base, in))
		s, err := ParseSpec(data)
		okParse := err == nil && s.Validate() == nil
		yb, okYAML := decodeWith(yaml.Unmarshal, data)
		if okParse != okYAML || (okParse && s.Bandwidth != yb) {
			t.Errorf("bandwidth: %q: ParseSpec+Validate accepts=%v (%v), yaml.Unmarshal+Validate accepts=%v (%v)", in, okParse, s.Bandwidth, okYAML, yb)
		}
	})
}
