package interconnect

import (
	"encoding/json"
	"net/netip"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func mustParse(t testing.TB, in string) Spec {
	t.Helper()
	s, err := ParseSpec([]byte(in))
	if err != nil {
		t.Fatalf("ParseSpec(%q): %v", in, err)
	}
	return s
}

func TestWithDefaultsMinimal(t *testing.T) {
	s, err := ParseSpec(mustRead(t, "testdata/minimal.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	d := s.WithDefaults(nil)
	want := s
	want.Resiliency = "standard"
	want.Azure.PeeringLocation = "Washington DC"
	want.Azure.CircuitSKU = CircuitSKU{Tier: "Standard", Family: "MeteredData"}
	want.Azure.FastPath = ptr(true)
	want.Azure.Gateway = GatewaySpec{Name: "ora-link-ergw", SKU: "ErGw3AZ"}
	want.Peering.Pool = netip.MustParsePrefix("192.168.240.0/24")
	if !reflect.DeepEqual(d, want) {
		t.Fatalf("WithDefaults =\n%+v\nwant\n%+v", d, want)
	}
	if !reflect.DeepEqual(d.WithDefaults(nil), d) {
		t.Fatal("WithDefaults is not idempotent")
	}
}

func TestWithDefaultsCases(t *testing.T) {
	tests := []struct {
		name, in string
		check    func(Spec) bool
	}{
		{"fastPath off gives ErGw1AZ", "azure:\n  fastPath: false", func(d Spec) bool {
			return d.Azure.Gateway.SKU == "ErGw1AZ" && !d.Azure.FastPathEnabled() && d.Azure.FastPath != nil
		}},
		{"fastPath on gives ErGw3AZ", "azure:\n  fastPath: true", func(d Spec) bool { return d.Azure.Gateway.SKU == "ErGw3AZ" }},
		{"user sku kept", "azure:\n  gateway:\n    sku: ErGw2AZ", func(d Spec) bool { return d.Azure.Gateway.SKU == "ErGw2AZ" }},
		{"sku case canonicalised", "azure:\n  gateway:\n    sku: ergw3az", func(d Spec) bool { return d.Azure.Gateway.SKU == "ErGw3AZ" }},
		{"unknown sku left alone", "azure:\n  gateway:\n    sku: Basic", func(d Spec) bool { return d.Azure.Gateway.SKU == "Basic" }},
		{"scale units with fastPath", "azure:\n  gateway:\n    sku: ErGwScale", func(d Spec) bool { return d.Azure.Gateway.ScaleUnits == 10 }},
		{"scale units without fastPath", "azure:\n  fastPath: false\n  gateway:\n    sku: ErGwScale", func(d Spec) bool { return d.Azure.Gateway.ScaleUnits == 2 }},
		{"scale units kept", "azure:\n  gateway:\n    sku: ErGwScale\n    scaleUnits: 20", func(d Spec) bool { return d.Azure.Gateway.ScaleUnits == 20 }},
		{"no scale units for other skus", "azure:\n  gateway:\n    sku: ErGw3AZ", func(d Spec) bool { return d.Azure.Gateway.ScaleUnits == 0 }},
		{"gateway name from name", "name: abc", func(d Spec) bool { return d.Azure.Gateway.Name == "abc-ergw" }},
		{"gateway name kept", "name: abc\nazure:\n  gateway:\n    name: gw1", func(d Spec) bool { return d.Azure.Gateway.Name == "gw1" }},
		{"no gateway name without a name", "bandwidth: 1Gbps", func(d Spec) bool { return d.Azure.Gateway.Name == "" }},
		{"pool kept", "peering:\n  pool: 10.9.0.0/24", func(d Spec) bool { return d.Peering.Pool.String() == "10.9.0.0/24" }},
		{"region canonicalised", "azure:\n  region: Germany West Central", func(d Spec) bool {
			return d.Azure.Region == "germanywestcentral" && d.Azure.PeeringLocation == "Frankfurt"
		}},
		{"unknown region: no location", "azure:\n  region: Mars", func(d Spec) bool { return d.Azure.Region == "mars" && d.Azure.PeeringLocation == "" }},
		{"location spelled as the catalog does", "azure:\n  region: eastus\n  peeringLocation: washington dc2", func(d Spec) bool {
			return d.Azure.PeeringLocation == "Washington DC2"
		}},
		{"unknown location left alone", "azure:\n  region: eastus\n  peeringLocation: Paris", func(d Spec) bool { return d.Azure.PeeringLocation == "Paris" }},
		{"oci key becomes identifier", "oci:\n  region: IAD", func(d Spec) bool { return d.OCI.Region == "us-ashburn-1" }},
		{"oci region lowercased", "oci:\n  region: US-Phoenix-1", func(d Spec) bool { return d.OCI.Region == "us-phoenix-1" }},
		{"sku tier and family canonicalised", "azure:\n  circuitSku:\n    tier: premium\n    family: unlimiteddata", func(d Spec) bool {
			return d.Azure.CircuitSKU == CircuitSKU{Tier: "Premium", Family: "UnlimitedData"}
		}},
		{"family defaulted alone", "azure:\n  circuitSku:\n    tier: Premium", func(d Spec) bool {
			return d.Azure.CircuitSKU == CircuitSKU{Tier: "Premium", Family: "MeteredData"}
		}},
		{"resiliency standard by default", "name: a", func(d Spec) bool { return d.Resiliency == "standard" && !d.Maximum() }},
		{"resiliency lowercased", "resiliency: MAXIMUM", func(d Spec) bool { return d.Resiliency == "maximum" && d.Maximum() }},
		{"unknown resiliency left alone", "resiliency: high", func(d Spec) bool { return d.Resiliency == "high" }},
		{"maximum gets the pair's two locations", "resiliency: maximum\nazure:\n  region: eastus", func(d Spec) bool {
			return slices.Equal(d.Azure.PeeringLocations, []string{"Washington DC", "Washington DC2"}) && d.Azure.PeeringLocation == "" &&
				slices.Equal(d.Locations(), d.Azure.PeeringLocations)
		}},
		{"maximum keeps the named location first", "resiliency: maximum\nazure:\n  region: eastus\n  peeringLocation: washington dc2", func(d Spec) bool {
			return slices.Equal(d.Azure.PeeringLocations, []string{"Washington DC2", "Washington DC"}) && d.Azure.PeeringLocation == ""
		}},
		{"maximum locations spelled", "resiliency: maximum\nazure:\n  region: canadacentral\n  peeringLocations: [toronto2, TORONTO]\n  preferredPeeringLocation: toronto", func(d Spec) bool {
			return slices.Equal(d.Azure.PeeringLocations, []string{"Toronto2", "Toronto"}) && d.Azure.PreferredPeeringLocation == "Toronto"
		}},
		{"maximum in a one-location pair keeps one", "resiliency: maximum\nazure:\n  region: westus3", func(d Spec) bool {
			return d.Azure.PeeringLocations == nil && d.Azure.PeeringLocation == "Phoenix"
		}},
		{"standard with a list gets no default location", "azure:\n  region: eastus\n  peeringLocations: [Washington DC, Washington DC2]", func(d Spec) bool {
			return d.Azure.PeeringLocation == "" && len(d.Azure.PeeringLocations) == 2 && len(d.Locations()) == 0
		}},
		{"an empty list is no list", "resiliency: maximum\nazure:\n  region: eastus\n  peeringLocations: []", func(d Spec) bool {
			return len(d.Azure.PeeringLocations) == 2
		}},
		{"second location blocks kept", "peering:\n  secondLocation: {primary: 10.9.0.8/30, secondary: 10.9.0.12/30}", func(d Spec) bool {
			return d.Peering.SecondLocation.Primary.String() == "10.9.0.8/30" && d.Peering.SecondLocation.Secondary.String() == "10.9.0.12/30"
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := mustParse(t, tt.in).WithDefaults(nil)
			if !tt.check(d) {
				t.Fatalf("WithDefaults(%q) = %+v", tt.in, d)
			}
		})
	}
}

func TestWithDefaultsCatalog(t *testing.T) {
	c := DefaultCatalog()
	if err := c.Add(RegionPair{AzureRegion: "northcentralus", OCIRegion: "us-chicago-1", OCIRegionKey: "ord", PeeringLocations: []string{"Chicago2", "Chicago"}}); err != nil {
		t.Fatal(err)
	}
	s := mustParse(t, "azure:\n  region: North Central US\noci:\n  region: ORD\n")
	d := s.WithDefaults(c)
	if d.Azure.PeeringLocation != "Chicago2" || d.OCI.Region != "us-chicago-1" {
		t.Fatalf("with catalog: %+v", d)
	}
	if d := s.WithDefaults(nil); d.Azure.PeeringLocation != "" || d.OCI.Region != "ord" {
		t.Fatalf("with default catalog: %+v", d)
	}
}

func TestWithDefaultsDoesNotMutate(t *testing.T) {
	s, err := ParseSpec(mustRead(t, "testdata/full.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	s.Azure.FastPath = nil
	before, _ := ParseSpec(mustRead(t, "testdata/full.yaml"))
	before.Azure.FastPath = nil

	d := s.WithDefaults(nil)
	d.Tags["env"] = "changed"
	d.Tags["new"] = "x"
	d.OCI.RouteTableIDs[0] = "changed"
	*d.Azure.FastPath = false
	if !reflect.DeepEqual(s, before) {
		t.Fatalf("changing WithDefaults' result changed its receiver:\n%+v\n%+v", s, before)
	}

	s.Azure.FastPath = ptr(true)
	d = s.WithDefaults(nil)
	*d.Azure.FastPath = false
	if !*s.Azure.FastPath {
		t.Fatal("WithDefaults shares the FastPath pointer")
	}
}

func TestMarshalRoundTrip(t *testing.T) {
	for _, file := range []string{"testdata/full.yaml", "testdata/minimal.yaml", "testdata/full.json", "testdata/maximum.yaml"} {
		t.Run(file, func(t *testing.T) {
			s, err := ParseSpec(mustRead(t, file))
			if err != nil {
				t.Fatal(err)
			}
			d := s.WithDefaults(nil)
			out, err := d.Marshal()
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(out), "s3cret") {
				t.Fatalf("Marshal leaked the MD5 key:\n%s", out)
			}
			back, err := ParseSpec(out)
			if err != nil {
				t.Fatalf("ParseSpec(Marshal()) = %v\n%s", err, out)
			}
			if !d.Peering.MD5AuthKey.IsZero() {
				if back.Peering.MD5AuthKey.Reveal() != "(sensitive)" {
					t.Fatalf("md5AuthKey printed as %q", back.Peering.MD5AuthKey.Reveal())
				}
				back.Peering.MD5AuthKey = d.Peering.MD5AuthKey
			}
			if !reflect.DeepEqual(back, d) {
				t.Fatalf("round trip changed the spec:\n%s\n%+v\n%+v", out, back, d)
			}

			js, err := json.Marshal(d)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(js), "s3cret") {
				t.Fatalf("json.Marshal leaked the MD5 key: %s", js)
			}
			jback, err := ParseSpec(js)
			if err != nil {
				t.Fatalf("ParseSpec(json.Marshal()) = %v\n%s", err, js)
			}
			jback.Peering.MD5AuthKey = d.Peering.MD5AuthKey
			if !reflect.DeepEqual(jback, d) {
				t.Fatalf("JSON round trip changed the spec:\n%s\n%+v\n%+v", js, jback, d)
			}
		})
	}
}

func TestMarshalOmitsUnset(t *testing.T) {
	out, err := (Spec{Name: "a"}).Marshal()
	if err != nil || string(out) != "name: a\n" {
		t.Fatalf("Marshal = %q, %v", out, err)
	}
	out, err = (Spec{}).Marshal()
	if err != nil || string(out) != "{}\n" {
		t.Fatalf("Marshal(zero) = %q, %v", out, err)
	}
	d := mustParse(t, string(mustRead(t, "testdata/minimal.yaml"))).WithDefaults(nil)
	out, err = d.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	want := `name: ora-link
bandwidth: 1Gbps
resiliency: standard
azure:
  subscriptionId: 0b1f6471-1bf0-4dda-aec3-111122223333
  resourceGroup: rg-network
  region: eastus
  virtualNetwork: vnet-app
  peeringLocation: Washington DC
  circuitSku:
    tier: Standard
    family: MeteredData
  gateway:
    name: ora-link-ergw
    sku: ErGw3AZ
  fastPath: true
oci:
  region: us-ashburn-1
  compartmentId: ocid1.compartment.oc1..aaaaaaaa4exampleexampleexample
  vcnId: ocid1.vcn.oc1.iad.amaaaaaaexampleexamplevcn
peering:
  pool: 192.168.240.0/24
`
	if string(out) != want {
		t.Fatalf("Marshal =\n%s\nwant\n%s", out, want)
	}
}

func TestGatewaySupportsFastPath(t *testing.T) {
	tests := []struct {
		sku   string
		units int
		want  bool
	}{
		{"ErGw3AZ", 0, true},
		{"ergw3az", 0, true},
		{"UltraPerformance", 0, true},
		{"ErGwScale", 10, true},
		{"ErGwScale", 40, true},
		{"ErGwScale", 9, false},
		{"ErGwScale", 0, false},
		{"ErGw1AZ", 0, false},
		{"ErGw2AZ", 10, false},
		{"Standard", 0, false},
		{"HighPerformance", 0, false},
		{"", 0, false},
	}
	for _, tt := range tests {
		if got := GatewaySupportsFastPath(tt.sku, tt.units); got != tt.want {
			t.Errorf("GatewaySupportsFastPath(%q, %d) = %v, want %v", tt.sku, tt.units, got, tt.want)
		}
	}
}
