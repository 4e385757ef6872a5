package interconnect

import (
	"fmt"
	"net/netip"
	"reflect"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/azoci/interconnect/internal/strictyaml"
	"github.com/azoci/interconnect/secret"
)

// MaxSpecSize is the largest spec ParseSpec reads, in bytes (1 MiB). A real
// spec is a few hundred bytes; the limit keeps a hostile input from costing
// much memory or time.
const MaxSpecSize = 1 << 20

// maxAliasNodes bounds how many nodes ParseSpec visits through YAML aliases,
// so that an alias bomb ("billion laughs") fails fast instead of expanding.
const maxAliasNodes = 10_000

// ParseSpec decodes a spec written in YAML or JSON (JSON is read by the same
// strict YAML decoder, so both follow one set of rules).
//
// Keys are case-sensitive and exactly those documented in README.md and the
// field tags of [Spec]. ParseSpec rejects, with the line of each problem:
// unknown keys (suggesting the key that was probably meant), duplicate keys,
// values of the wrong type (a list where a value belongs, "abc" for an
// integer, a malformed CIDR prefix or bandwidth), YAML merge keys, and syntax
// errors. It also rejects input larger than [MaxSpecSize], input holding more
// than one YAML document, an empty document, and documents that expand YAML
// aliases beyond a small budget.
//
// ParseSpec only decodes: it applies no defaults and checks no semantics, so
// "bandwidth: 3Gbps" or an unknown region parse fine. Call
// [Spec.WithDefaults] to fill in defaults and [Spec.Validate] to check the
// result. A null or empty value ("vlan:" or "vlan: null") leaves the field
// unset. The error, if any, is a *[ParseError] listing every problem found,
// and the Spec returned with it is the zero Spec.
func ParseSpec(data []byte) (Spec, error) {
	var s Spec
	if len(data) > MaxSpecSize {
		return Spec{}, parseFailure(0, fmt.Sprintf("the spec is %d bytes, more than the %d-byte (1 MiB) limit; a spec is a few hundred bytes, so check that this is the right file", len(data), MaxSpecSize))
	}
	problems := strictyaml.Decode(data, &s, strictyaml.Options{
		Noun:          "spec",
		MaxAliasNodes: maxAliasNodes,
		Empty:         "the spec is empty; it needs at least name, bandwidth, azure and oci (see README.md)",
		Custom: map[reflect.Type]func(*yaml.Node) (any, string, string){
			reflect.TypeFor[netip.Prefix](): decodePrefix,
			reflect.TypeFor[Bandwidth]():    decodeBandwidth,
			reflect.TypeFor[secret.Value](): decodeSecret,
		},
		MapKeyPath: func(_, key string) string { return tagPath(key) }, // the only map is tags
		MapEntry:   "tag",
		// In a Spec, 0 means "not set, use the default" (vlan: pick one;
		// scaleUnits: the SKU's default); written out, it is a mistake.
		ZeroIsUnset: true,
	})
	if len(problems) > 0 {
		ps := make([]*FieldError, len(problems))
		for i, p := range problems {
			ps[i] = &FieldError{Field: p.Field, Value: p.Value, Problem: p.Problem, Line: p.Line}
		}
		sortByLine(ps)
		return Spec{}, &ParseError{Problems: ps}
	}
	return s, nil
}

func parseFailure(line int, problem string) *ParseError {
	return &ParseError{Problems: []*FieldError{{Line: line, Problem: problem}}}
}

// tagPath is the field path of a tag: tags.env, or tags["cost center"] when
// the key is not a plain word.
func tagPath(key string) string {
	if key != "" && strings.IndexFunc(key, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_')
	}) < 0 {
		return "tags." + key
	}
	return "tags[" + strconv.Quote(key) + "]"
}

func decodePrefix(n *yaml.Node) (any, string, string) {
	if n.Kind != yaml.ScalarNode {
		return nil, "", fmt.Sprintf("is %s; write one IPv4 prefix in CIDR notation, such as 192.168.240.0/24", strictyaml.KindName(n))
	}
	if n.Value == "" {
		return netip.Prefix{}, "", ""
	}
	p, err := netip.ParsePrefix(n.Value)
	if err != nil {
		detail := err.Error()
		if _, after, ok := strings.Cut(detail, "): "); ok {
			detail = after
		}
		hint := ""
		if !strings.Contains(n.Value, "/") {
			hint = " (add the prefix length, such as /24)"
		}
		return nil, n.Value, fmt.Sprintf("is not a prefix in CIDR notation such as 192.168.240.0/24: %s%s", detail, hint)
	}
	return p, "", ""
}

// decodeBandwidth decodes with bandwidthFromNode, the decoder that
// Bandwidth.UnmarshalYAML uses too.
func decodeBandwidth(n *yaml.Node) (any, string, string) {
	b, err := bandwidthFromNode(n)
	if err != nil {
		value := ""
		if n.Kind == yaml.ScalarNode {
			value = n.Value
		}
		return nil, value, strings.TrimPrefix(err.Error(), value+" ")
	}
	return b, "", ""
}

// decodeSecret never echoes anything of a secret's value, not even its
// type's text.
func decodeSecret(n *yaml.Node) (any, string, string) {
	if n.Kind != yaml.ScalarNode {
		return nil, "", fmt.Sprintf("must be a string, not %s", strictyaml.KindName(n))
	}
	return secret.Value(n.Value), "", ""
}
