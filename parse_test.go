package interconnect

import (
	"errors"
	"fmt"
	"net/netip"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/azoci/interconnect/secret"
)

func mustRead(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func ptr[T any](v T) *T { return &v }

func TestParseSpecFull(t *testing.T) {
	want := Spec{
		Name:      "ora-link",
		Bandwidth: 2 * Gbps,
		Azure: AzureSpec{
			SubscriptionID:  "0b1f6471-1bf0-4dda-aec3-111122223333",
			ResourceGroup:   "rg-network",
			Region:          "East US",
			VirtualNetwork:  "vnet-app",
			PeeringLocation: "Washington DC2",
			CircuitSKU:      CircuitSKU{Tier: "Standard", Family: "MeteredData"},
			Gateway: GatewaySpec{
				Name:         "ora-link-ergw",
				SKU:          "ErGwScale",
				SubnetPrefix: netip.MustParsePrefix("10.10.255.0/27"),
				ScaleUnits:   12,
			},
			FastPath: ptr(true),
		},
		OCI: OCISpec{
			Region:        "us-ashburn-1",
			CompartmentID: "ocid1.compartment.oc1..aaaaaaaa4exampleexampleexample",
			VCNID:         "ocid1.vcn.oc1.iad.amaaaaaaexampleexamplevcn",
			DRGID:         "ocid1.drg.oc1.iad.aaaaaaaaexampleexampledrg",
			RouteTableIDs: []string{
				"ocid1.routetable.oc1.iad.aaaaaaaaexampleexamplert1",
				"ocid1.routetable.oc1.iad.aaaaaaaaexampleexamplert2",
			},
		},
		Peering: PeeringSpec{
			Pool:       netip.MustParsePrefix("192.168.240.0/24"),
			Primary:    netip.MustParsePrefix("192.168.240.0/30"),
			Secondary:  netip.MustParsePrefix("192.168.240.4/30"),
			VLAN:       100,
			MD5AuthKey: secret.Value("s3cret-bgp-key"),
		},
		Tags: map[string]string{"env": "prod", "cost-center": "1234"},
	}
	got, err := ParseSpec(mustRead(t, "testdata/full.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("ParseSpec(full.yaml) =\n%+v\nwant\n%+v", got, want)
	}
	if got.Peering.MD5AuthKey.Reveal() != "s3cret-bgp-key" {
		t.Fatal("md5AuthKey did not decode into secret.Value")
	}
}

func TestParseSpecJSON(t *testing.T) {
	got, err := ParseSpec(mustRead(t, "testdata/full.json"))
	if err != nil {
		t.Fatal(err)
	}
	if got.Bandwidth != 2*Gbps || got.Azure.Gateway.SubnetPrefix != netip.MustParsePrefix("10.10.255.0/27") ||
		got.OCI.RouteTableIDs[0] != "ocid1.routetable.oc1.iad.aaaaaaaaexampleexamplert1" || got.Peering.VLAN != 4094 ||
		got.Azure.FastPath == nil || !*got.Azure.FastPath || got.Tags["env"] != "prod" || got.Peering.MD5AuthKey.Reveal() != "s3cret-bgp-key" {
		t.Fatalf("ParseSpec(full.json) = %+v", got)
	}
	// YAML and JSON of the same spec decode alike.
	y, err := ParseSpec([]byte("name: x\nbandwidth: 1000\nazure: {region: eastus}\ntags: {a: \"1\"}\n"))
	if err != nil {
		t.Fatal(err)
	}
	j, err := ParseSpec([]byte(`{"name": "x", "bandwidth": 1000, "azure": {"region": "eastus"}, "tags": {"a": "1"}}`))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(y, j) {
		t.Fatalf("YAML %+v != JSON %+v", y, j)
	}
}

func TestParseSpecMinimalAppliesNoDefaults(t *testing.T) {
	got, err := ParseSpec(mustRead(t, "testdata/minimal.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if got.Azure.Gateway.SKU != "" || got.Azure.FastPath != nil || got.Peering.Pool.IsValid() || got.Azure.PeeringLocation != "" || got.Azure.CircuitSKU.Tier != "" {
		t.Fatalf("ParseSpec applied defaults: %+v", got)
	}
	// Semantically wrong values decode fine; Validate reports them.
	s, err := ParseSpec([]byte("bandwidth: 3Gbps\nazure:\n  region: Mars North\npeering:\n  pool: 10.1.2.3/8\n  vlan: 99999\n"))
	if err != nil {
		t.Fatal(err)
	}
	if s.Bandwidth != 3000 || s.Azure.Region != "Mars North" || s.Peering.Pool.String() != "10.1.2.3/8" || s.Peering.VLAN != 99999 {
		t.Fatalf("got %+v", s)
	}
}

// parseValueCases are specs that parse, with a check of what they decode to.
var parseValueCases = []struct {
	name, in string
	check    func(Spec) bool
}{
	{"bare number bandwidth", "bandwidth: 5000", func(s Spec) bool { return s.Bandwidth == 5*Gbps }},
	{"spaced bandwidth", "bandwidth: 10 Gbps", func(s Spec) bool { return s.Bandwidth == 10*Gbps }},
	{"hex int", "peering:\n  vlan: 0x10", func(s Spec) bool { return s.Peering.VLAN == 16 }},
	{"null leaves unset", "peering:\n  vlan:\n  pool: null\nazure: ~", func(s Spec) bool { return s.Peering.VLAN == 0 && !s.Peering.Pool.IsValid() }},
	{"empty prefix leaves unset", "peering:\n  pool: \"\"", func(s Spec) bool { return !s.Peering.Pool.IsValid() }},
	{"number as string field", "name: 123\nazure:\n  resourceGroup: 2024", func(s Spec) bool { return s.Name == "123" && s.Azure.ResourceGroup == "2024" }},
	{"tag values are text", "tags:\n  n: 1\n  b: true\n  e:\n  f: 1.50", func(s Spec) bool {
		return reflect.DeepEqual(s.Tags, map[string]string{"n": "1", "b": "true", "e": "", "f": "1.50"})
	}},
	{"fastPath false", "azure:\n  fastPath: false", func(s Spec) bool { return s.Azure.FastPath != nil && !*s.Azure.FastPath }},
	{"md5 number", "peering:\n  md5AuthKey: 12345", func(s Spec) bool { return s.Peering.MD5AuthKey.Reveal() == "12345" }},
	{"alias reuse", "name: &n ora\nazure:\n  virtualNetwork: *n", func(s Spec) bool { return s.Azure.VirtualNetwork == "ora" }},
	{"json slash escapes", `{"peering": {"pool": "10.0.0.0\/24"}, "name": "a\\\/b"}`, func(s Spec) bool {
		return s.Peering.Pool.String() == "10.0.0.0/24" && s.Name == `a\/b`
	}},
	{"trailing document marker", "name: a\n---\n", func(s Spec) bool { return s.Name == "a" }},
	{"document end marker", "name: a\n...\n", func(s Spec) bool { return s.Name == "a" }},
	{"json with tabs", "{\n\t\"name\": \"a\",\n\t\"bandwidth\": \"1Gbps\"\n}", func(s Spec) bool { return s.Name == "a" && s.Bandwidth == Gbps }},
	{"ipv6 prefix decodes", "peering:\n  pool: fd00::/64", func(s Spec) bool { return s.Peering.Pool.Addr().Is6() }},
	{"unmasked prefix decodes as written", "peering:\n  pool: 10.1.2.3/24", func(s Spec) bool { return s.Peering.Pool.String() == "10.1.2.3/24" }},
}

func TestParseSpecValues(t *testing.T) {
	tests := parseValueCases
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := ParseSpec([]byte(tt.in))
			if err != nil {
				t.Fatalf("ParseSpec(%q): %v", tt.in, err)
			}
			if !tt.check(s) {
				t.Fatalf("ParseSpec(%q) = %+v", tt.in, s)
			}
		})
	}
}

// parseProblems parses in and returns its ParseError's problems.
func parseProblems(t *testing.T, in string) []*FieldError {
	t.Helper()
	s, err := ParseSpec([]byte(in))
	if err == nil {
		t.Fatalf("ParseSpec(%q) = %+v, want an error", in, s)
	}
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("ParseSpec(%q) error %T %v, want *ParseError", in, err, err)
	}
	if !reflect.DeepEqual(s, Spec{}) {
		t.Fatalf("ParseSpec(%q) returned a partial spec with its error: %+v", in, s)
	}
	return pe.Problems
}

// parseErrorCases are specs that do not parse, with the problems expected.
var parseErrorCases = []struct {
	name, in string
	// Each want is "line:field:substring" for one problem, in order.
	want []string
}{
	{"unknown top-level key", "name: a\nbandwith: 1Gbps\n", []string{"2:bandwith:did you mean bandwidth?"}},
	{"unknown nested key", "azure:\n  region: eastus\n  gatway:\n    sku: ErGw3AZ\n", []string{"3:azure.gatway:did you mean gateway?"}},
	{"key case matters", "azure:\n  subscriptionID: x\n", []string{"2:azure.subscriptionID:did you mean subscriptionId? keys are case-sensitive"}},
	{"unknown key lists known", "peering:\n  asn: 1\n", []string{"2:peering.asn:the keys under peering are pool, primary, secondary, secondLocation, vlan, md5AuthKey"}},
	{"several unknown keys", "foo: 1\nazure:\n  bar: 2\noci:\n  baz: 3\n", []string{"1:foo:", "3:azure.bar:", "5:oci.baz:"}},
	{"duplicate key", "name: a\nbandwidth: 1Gbps\nname: b\n", []string{"3:name:is set twice (first on line 1)"}},
	{"duplicate nested key", "oci:\n  region: a\n  region: b\n", []string{"3:oci.region:is set twice (first on line 2)"}},
	{"duplicate tag", "tags:\n  env: a\n  env: b\n", []string{"3:tags.env:is set twice (first on line 2)"}},
	{"duplicate key in JSON", "{\n  \"name\": \"a\",\n  \"name\": \"b\"\n}\n", []string{"3:name:is set twice (first on line 2)"}},
	{"duplicate key in one-line JSON", `{"oci": {"vcnId": "a", "vcnId": "b"}}`, []string{"1:oci.vcnId:is set twice"}},
	{"unknown key in JSON", "{\n  \"name\": \"a\",\n  \"Bandwidth\": 1000\n}", []string{"3:Bandwidth:did you mean bandwidth?"}},
	{"int as string", "peering:\n  vlan: \"100\"\n", []string{"2:peering.vlan:peering.vlan: 100 is in quotes, so it is a string; write a whole number without quotes"}},
	{"int as word", "peering:\n  vlan: abc\n", []string{"2:peering.vlan:is a string"}},
	{"int as float", "azure:\n  gateway:\n    scaleUnits: 1.5\n", []string{"3:azure.gateway.scaleUnits:is a number; write a whole number"}},
	{"int overflow", "peering:\n  vlan: 99999999999999999999\n", []string{"2:peering.vlan:"}},
	{"int as list", "peering:\n  vlan: [1]\n", []string{"2:peering.vlan:is a list"}},
	{"bool as string", "azure:\n  fastPath: \"yes\"\n", []string{"2:azure.fastPath:write true or false"}},
	{"bool as yes", "azure:\n  fastPath: yes\n", []string{"2:azure.fastPath:write true or false"}},
	{"struct as scalar", "azure: eastus\n", []string{"1:azure:is a string, but azure is a mapping"}},
	{"struct as list", "oci:\n  - a\n", []string{"2:oci:is a list"}},
	{"string as list", "name:\n  - a\n  - b\n", []string{"2:name:is a list; write a single value"}},
	{"string as mapping", "azure:\n  region: {name: eastus}\n", []string{"2:azure.region:is a mapping"}},
	{"list as scalar", "oci:\n  routeTableIds: ocid1.routetable.oc1.iad.aaaa\n", []string{"2:oci.routeTableIds:is a string; write a list"}},
	{"list item as mapping", "oci:\n  routeTableIds:\n    - a\n    - {b: c}\n", []string{"4:oci.routeTableIds[1]:is a mapping"}},
	{"map as list", "tags: [a, b]\n", []string{"1:tags:is a list; write a mapping"}},
	{"tag value as list", "tags:\n  env: [a]\n", []string{"2:tags.env:is a list"}},
	{"bad prefix", "peering:\n  pool: 10.0.0.0/33\n", []string{"2:peering.pool:is not a prefix in CIDR notation"}},
	{"prefix without length", "azure:\n  gateway:\n    subnetPrefix: 10.0.0.0\n", []string{"3:azure.gateway.subnetPrefix:add the prefix length"}},
	{"prefix as list", "peering:\n  primary: [10.0.0.0/30]\n", []string{"2:peering.primary:is a list; write one IPv4 prefix"}},
	{"bad bandwidth", "bandwidth: fast\n", []string{"1:bandwidth:is not a bandwidth; write one of 1Gbps, 2Gbps, 5Gbps or 10Gbps"}},
	{"bandwidth as list", "bandwidth: [1Gbps]\n", []string{"1:bandwidth:is a list"}},
	{"negative bandwidth", "bandwidth: -1000\n", []string{"1:bandwidth:is not a bandwidth"}},
	{"secret as mapping", "peering:\n  md5AuthKey: {k: v}\n", []string{"2:peering.md5AuthKey:must be a string"}},
	{"merge key", "base: &b {region: eastus}\nazure:\n  <<: *b\n", []string{"1:base:", "3:azure:merge key"}},
	{"non-scalar key", "? [a, b]\n: c\n", []string{"1::has a key that is a list"}},
	{"problems collected in order", "name: [x]\npeering:\n  vlan: x\n  nope: 1\nbandwidth: slow\n", []string{"1:name:", "3:peering.vlan:", "4:peering.nope:", "5:bandwidth:"}},
	{"syntax error", "name: a\nazure: [eastus\n", []string{"2::not valid YAML or JSON: did not find expected ',' or ']' (an unclosed bracket"}},
	{"syntax error at the end", "name: [a\n", []string{"2::did not find expected ',' or ']'"}},
	{"syntax error JSON", `{"name": "a" "bandwidth": 1}`, []string{"1::not valid YAML or JSON: did not find expected ',' or '}'"}},
	{"syntax error JSON lines", "{\n  \"name\": \"a\",,\n  \"b\": 1\n}\n", []string{"2::not valid YAML or JSON: did not find expected node content"}},
	{"bad indentation", "name: a\nb: c\n  d: e\n", []string{"3::mapping values are not allowed in this context"}},
	{"unterminated quote", "name: 'a\n", []string{"2::found unexpected end of stream"}},
	{"tab indentation", "azure:\n\tregion: eastus\n", []string{"2::found character that cannot start any token"}},
	{"multiple documents", "name: a\n---\nname: b\n", []string{"3::a second YAML document starts here"}},
	{"empty", "", []string{"0::the spec is empty"}},
	{"whitespace and comments", "  \n# nothing here\n", []string{"0::the spec is empty"}},
	{"only a document marker", "---\n", []string{"::the spec is empty"}},
	{"null document", "~\n", []string{"1::the spec is empty"}},
	{"list document", "- name: a\n", []string{"1::must be a mapping of keys"}},
	{"scalar document", "hello\n", []string{"1::must be a mapping of keys"}},
	{"json array", "[1, 2]", []string{"1::must be a mapping of keys"}},
}

func TestParseSpecErrors(t *testing.T) {
	tests := parseErrorCases
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := parseProblems(t, tt.in)
			if len(got) != len(tt.want) {
				t.Fatalf("ParseSpec(%q) gave %d problems, want %d:\n%v", tt.in, len(got), len(tt.want), (&ParseError{got}).Error())
			}
			for i, w := range tt.want {
				parts := strings.SplitN(w, ":", 3)
				p := got[i]
				if (parts[0] != "" && parts[0] != fmt.Sprint(p.Line)) || p.Field != parts[1] || !strings.Contains(p.Error(), parts[2]) {
					t.Errorf("problem %d = line %d field %q: %q; want %q", i, p.Line, p.Field, p.Error(), w)
				}
			}
		})
	}
}

func TestParseSpecErrorText(t *testing.T) {
	_, err := ParseSpec([]byte("name: a\nazure:\n  gatway: {}\n"))
	want := "line 3: azure.gatway: is not a known key (did you mean gateway? keys are case-sensitive); the keys under azure are subscriptionId, resourceGroup, region, virtualNetwork, peeringLocation, peeringLocations, preferredPeeringLocation, circuitSku, gateway, fastPath, spokes"
	if err == nil || err.Error() != want {
		t.Fatalf("error = %q\nwant    %q", err, want)
	}
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Field != "azure.gatway" || fe.Line != 3 {
		t.Fatalf("errors.As FieldError = %+v", fe)
	}
}

// TestParseSpecLists checks the lists of mappings (azure.spokes, oci.vcns):
// each entry is decoded strictly, and problems name its index.
func TestParseSpecLists(t *testing.T) {
	s, err := ParseSpec([]byte("azure:\n  spokes:\n    - virtualNetwork: a\n    - {virtualNetwork: b, resourceGroup: rg-b}\noci:\n  vcns:\n    - vcnId: v1\n      routeTableIds: [r1, r2]\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []SpokeSpec{{VirtualNetwork: "a"}, {VirtualNetwork: "b", ResourceGroup: "rg-b"}}
	if !slices.Equal(s.Azure.Spokes, want) || len(s.OCI.VCNs) != 1 || s.OCI.VCNs[0].VCNID != "v1" || !slices.Equal(s.OCI.VCNs[0].RouteTableIDs, []string{"r1", "r2"}) {
		t.Errorf("decoded %+v %+v", s.Azure.Spokes, s.OCI.VCNs)
	}
	for _, tt := range []struct{ yaml, want string }{
		{"azure:\n  spokes:\n    - virtualNetwrk: a\n", "line 3: azure.spokes[0].virtualNetwrk: is not a known key (did you mean virtualNetwork?"},
		{"azure:\n  spokes:\n    - vnet-a\n", "line 3: azure.spokes[0]: vnet-a is a string, but azure.spokes[0] is a mapping of keys"},
		{"azure:\n  spokes: vnet-a\n", "line 2: azure.spokes: vnet-a is a string; write a list"},
		{"oci:\n  vcns:\n    - vcnId: v1\n      routeTableIds: r1\n", "line 4: oci.vcns[0].routeTableIds: r1 is a string; write a list"},
	} {
		_, err := ParseSpec([]byte(tt.yaml))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: error %v\nwant %q", tt.yaml, err, tt.want)
		}
	}
}

func TestParseSpecSizeLimit(t *testing.T) {
	base := mustRead(t, "testdata/minimal.yaml")
	pad := func(n int) []byte {
		b := append([]byte{}, base...)
		b = append(b, '#')
		for len(b) < n-1 {
			b = append(b, 'x')
		}
		return append(b, '\n')
	}
	if _, err := ParseSpec(pad(MaxSpecSize)); err != nil {
		t.Fatalf("a spec of exactly MaxSpecSize bytes: %v", err)
	}
	_, err := ParseSpec(pad(MaxSpecSize + 1))
	if err == nil || !strings.Contains(err.Error(), "more than the 1048576-byte (1 MiB) limit") {
		t.Fatalf("oversized spec: %v", err)
	}
	// The size is checked before parsing: oversized garbage gets the size
	// error, not a syntax error.
	_, err = ParseSpec([]byte(strings.Repeat("{[", MaxSpecSize)))
	if err == nil || !strings.Contains(err.Error(), "1 MiB") || strings.Contains(err.Error(), "YAML") {
		t.Fatalf("oversized garbage: %v", err)
	}
}

// billionLaughs returns the classic alias bomb, with its anchors under key.
func billionLaughs(indent string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%sa: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n", indent)
	prev := "a"
	for _, c := range "bcdefghi" {
		fmt.Fprintf(&b, "%s%c: &%c [*%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s]\n", indent, c, c, prev, prev, prev, prev, prev, prev, prev, prev, prev)
		prev = string(c)
	}
	return b.String()
}

func TestParseSpecAliasBomb(t *testing.T) {
	tests := []struct{ name, in, want string }{
		// Anchors under unknown keys are never expanded.
		{"top level", billionLaughs(""), "is not a known key"},
		// Under tags every value is a list, which is the wrong type: rejected
		// without expanding its aliases.
		{"in tags", "tags:\n" + billionLaughs("  "), "is a list; write a single value"},
		// A field that follows an alias to the bomb charges the alias budget.
		{"followed", "defs:\n" + billionLaughs("  ") + "oci:\n  routeTableIds: [*i, *i]\n", "aliases in this spec expand to more than 10000 values"},
		{"followed as a value", "defs:\n" + billionLaughs("  ") + "name: *i\n", "aliases in this spec expand to more than 10000 values"},
		{"followed as a mapping", "defs:\n" + billionLaughs("  ") + "azure: *i\n", "aliases in this spec expand to more than 10000 values"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			_, err := ParseSpec([]byte(tt.in))
			elapsed := time.Since(start)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want it to contain %q", err, tt.want)
			}
			// "Well under a second": it takes microseconds.
			if elapsed > time.Second {
				t.Fatalf("ParseSpec took %v on an alias bomb", elapsed)
			}
		})
	}
}

func TestParseSpecAliasesWithinBudget(t *testing.T) {
	// Reasonable alias use parses.
	in := "defs:\n  - &rt ocid1.routetable.oc1.iad.aaaa\n"
	_, err := ParseSpec([]byte(in + "oci:\n  routeTableIds: [*rt]\n"))
	if err == nil || !strings.Contains(err.Error(), "defs: is not a known key") || strings.Contains(err.Error(), "aliases") {
		t.Fatalf("err = %v", err)
	}
	s, err := ParseSpec([]byte("oci:\n  routeTableIds: [&rt ocid1.routetable.oc1.iad.aaaa]\ntags:\n  a: *rt\n"))
	if err != nil || s.Tags["a"] != "ocid1.routetable.oc1.iad.aaaa" {
		t.Fatalf("got %+v, %v", s, err)
	}
}
