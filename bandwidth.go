package interconnect

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/azoci/interconnect/internal/strictyaml"
)

// Bandwidth is the speed of the interconnect in megabits per second. The same
// value is ordered on both sides: the ExpressRoute circuit (in Mbps) and the
// FastConnect virtual circuit (as a bandwidth shape name).
//
// Only 1, 2, 5 and 10 Gbps are offered for Azure–OCI interconnects (see
// [SupportedBandwidths]); the zero Bandwidth means "not set". Write values as
// multiples of [Gbps] or [Mbps], for example 2*interconnect.Gbps.
type Bandwidth int

// Units of Bandwidth.
const (
	Mbps Bandwidth = 1
	Gbps Bandwidth = 1000
)

// maxBandwidth bounds what the lenient parser accepts (1 Tbps), so that
// absurd inputs fail as "too large" instead of overflowing.
const maxBandwidth = 1_000_000 * Mbps

var supportedBandwidths = []Bandwidth{1 * Gbps, 2 * Gbps, 5 * Gbps, 10 * Gbps}

// SupportedBandwidths returns the bandwidths offered for Azure–OCI
// interconnects, lowest first: 1, 2, 5 and 10 Gbps. The result is a new slice.
func SupportedBandwidths() []Bandwidth {
	return slices.Clone(supportedBandwidths)
}

// IsSupported reports whether b is one of [SupportedBandwidths].
func (b Bandwidth) IsSupported() bool {
	return slices.Contains(supportedBandwidths, b)
}

// supportedList is "1Gbps, 2Gbps, 5Gbps or 10Gbps".
func supportedList() string {
	s := make([]string, len(supportedBandwidths))
	for i, b := range supportedBandwidths {
		s[i] = b.String()
	}
	return strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1]
}

// ParseBandwidth parses a bandwidth such as "1Gbps", "1 Gbps", "1gbps",
// "1000Mbps", "1000 Mbps" or "1000" (a bare number counts megabits per
// second). It accepts only the [SupportedBandwidths]; the error for any other
// value lists them.
func ParseBandwidth(s string) (Bandwidth, error) {
	b, err := parseBandwidthAmount(s)
	if err != nil {
		return 0, err
	}
	if !b.IsSupported() {
		return 0, fmt.Errorf("bandwidth %q (%v) is not offered for Azure–OCI interconnects; use %s", s, b, supportedList())
	}
	return b, nil
}

// parseBandwidthAmount parses the syntax of a bandwidth without checking that
// it is offered: a positive whole number of Mbps, written with a Mbps or Gbps
// unit (any case, space optional) or none. Decimal amounts are accepted when
// they come to whole megabits ("1.5Gbps" is 1500 Mbps). ParseSpec uses it so
// that an unsupported but well-formed value reaches Validate, which reports it
// together with every other problem.
func parseBandwidthAmount(s string) (Bandwidth, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return 0, errors.New(`bandwidth is empty; write it as 1Gbps, 2Gbps, 5Gbps or 10Gbps`)
	}
	unit := Mbps
	lower := strings.ToLower(t)
	switch {
	case strings.HasSuffix(lower, "gbps"):
		unit, t = Gbps, t[:len(t)-4]
	case strings.HasSuffix(lower, "mbps"):
		t = t[:len(t)-4]
	}
	t = strings.TrimSpace(t)
	bad := fmt.Errorf("bandwidth %q is not a bandwidth; write it as a number with Gbps or Mbps, such as 1Gbps or 1000Mbps (a bare number counts Mbps)", s)
	if t == "" || strings.IndexFunc(t, func(r rune) bool { return (r < '0' || r > '9') && r != '.' }) >= 0 {
		return 0, bad
	}
	whole, frac, hasFrac := strings.Cut(t, ".")
	if whole == "" || (hasFrac && frac == "") || strings.Contains(frac, ".") {
		return 0, bad
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil {
		return 0, bad
	}
	mbps := f * float64(unit)
	if mbps > float64(maxBandwidth) {
		return 0, fmt.Errorf("bandwidth %q is too large; use %s", s, supportedList())
	}
	if mbps != math.Trunc(mbps) {
		return 0, fmt.Errorf("bandwidth %q is not a whole number of Mbps; use %s", s, supportedList())
	}
	if mbps <= 0 {
		return 0, fmt.Errorf("bandwidth %q must be more than zero; use %s", s, supportedList())
	}
	return Bandwidth(mbps), nil
}

// Mbps returns b in megabits per second.
func (b Bandwidth) Mbps() int { return int(b) }

// AzureMbps returns b as the ExpressRoute circuit's bandwidthInMbps.
func (b Bandwidth) AzureMbps() int32 {
	if b > math.MaxInt32 {
		return math.MaxInt32
	}
	return int32(b)
}

// OCIShape returns the FastConnect bandwidth shape name for b: "1 Gbps",
// "2 Gbps", "5 Gbps" or "10 Gbps" for the supported bandwidths (a value that
// is not a whole number of Gbps gives "N Mbps").
func (b Bandwidth) OCIShape() string {
	if b%Gbps == 0 {
		return strconv.Itoa(int(b/Gbps)) + " Gbps"
	}
	return strconv.Itoa(int(b)) + " Mbps"
}

// String returns b as "1Gbps" when it is a whole number of Gbps and as
// "1500Mbps" otherwise. The zero Bandwidth prints as "0Mbps".
func (b Bandwidth) String() string {
	if b != 0 && b%Gbps == 0 {
		return strconv.Itoa(int(b/Gbps)) + "Gbps"
	}
	return strconv.Itoa(int(b)) + "Mbps"
}

// MarshalText returns [Bandwidth.String], or "" for the zero Bandwidth.
func (b Bandwidth) MarshalText() ([]byte, error) {
	if b == 0 {
		return []byte{}, nil
	}
	return []byte(b.String()), nil
}

// UnmarshalText parses text as [ParseSpec] does: any well-formed positive
// bandwidth ("1Gbps", "1000Mbps", "1000"), so that one that is not offered
// (3Gbps) reaches [Spec.Validate], which reports it with every other
// problem. Empty text gives the zero Bandwidth. [ParseBandwidth] is the
// strict form.
func (b *Bandwidth) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*b = 0
		return nil
	}
	v, err := parseBandwidthAmount(string(text))
	if err != nil {
		return err
	}
	*b = v
	return nil
}

// UnmarshalJSON accepts a JSON string or a JSON number of Mbps, such as
// 1000, with the rules of [Bandwidth.UnmarshalText]. null leaves b unchanged.
func (b *Bandwidth) UnmarshalJSON(data []byte) error {
	t := strings.TrimSpace(string(data))
	switch {
	case t == "null":
		return nil
	case strings.HasPrefix(t, `"`):
		var s string
		if err := json.Unmarshal(data, &s); err != nil {
			return err
		}
		return b.UnmarshalText([]byte(s))
	default:
		return b.UnmarshalText([]byte(t))
	}
}

// UnmarshalYAML accepts a YAML string or an integer of Mbps, such as
// "bandwidth: 1000", with the rules of [Bandwidth.UnmarshalText]; null leaves
// b unchanged. ParseSpec decodes bandwidths with the same function.
func (b *Bandwidth) UnmarshalYAML(n *yaml.Node) error {
	if n.ShortTag() == "!!null" {
		return nil
	}
	v, err := bandwidthFromNode(n)
	if err != nil {
		return fmt.Errorf("line %d: bandwidth: %s", n.Line, err)
	}
	*b = v
	return nil
}

// bandwidthFromNode decodes a YAML node holding a bandwidth: a scalar
// string, or an integer of Mbps (in any YAML integer notation). The error
// says what is wrong, without the field's name.
func bandwidthFromNode(n *yaml.Node) (Bandwidth, error) {
	if n.Kind != yaml.ScalarNode {
		return 0, fmt.Errorf("is %s; write one of %s", strictyaml.KindName(n), supportedList())
	}
	text := n.Value
	if n.ShortTag() == "!!int" {
		var i int64
		if err := n.Decode(&i); err != nil {
			return 0, fmt.Errorf("%s is not a bandwidth; write one of %s", n.Value, supportedList())
		}
		text = strconv.FormatInt(i, 10)
	}
	b, err := parseBandwidthAmount(text)
	if err != nil {
		return 0, fmt.Errorf("%s is not a bandwidth; write one of %s (a bare number counts Mbps)", n.Value, supportedList())
	}
	return b, nil
}
