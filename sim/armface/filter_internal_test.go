package armface

import (
	"reflect"
	"strings"
	"testing"
)

// TestParseMetricFilter: the $filter grammar of the Metrics - List
// reference: eq conditions joined by and; or between conditions on one
// dimension; '*' for every value.
func TestParseMetricFilter(t *testing.T) {
	tests := []struct {
		in     string
		dims   []string
		values map[string][]string
		err    string // in the error; "" for none
	}{
		{"", nil, map[string][]string{}, ""},
		{"Peer eq '*'", []string{"Peer"}, map[string][]string{}, ""},
		{"Peer eq '*' and PeeringType eq '*'", []string{"Peer", "PeeringType"}, map[string][]string{}, ""},
		{"  PeeringType  EQ 'private'  AND peer eq '*' ", []string{"PeeringType", "peer"},
			map[string][]string{"peeringtype": {"private"}}, ""},
		{"Peer eq 'Primary-IPv4' or Peer eq 'Secondary-IPv4'", []string{"Peer"},
			map[string][]string{"peer": {"Primary-IPv4", "Secondary-IPv4"}}, ""},
		{"Peer eq 'a' or peer eq '*'", []string{"Peer"}, map[string][]string{}, ""},
		{"Name eq 'it''s two words'", []string{"Name"}, map[string][]string{"name": {"it's two words"}}, ""},
		{"Peer eq Primary", nil, nil, "expected <dimension> eq '<value>'"},
		{"Peer ne 'x'", nil, nil, "expected <dimension> eq '<value>'"},
		{"Code sw '42'", nil, nil, "expected <dimension> eq '<value>'"},
		{"Peer eq 'a' or Type eq 'b'", nil, nil, "one dimension only"},
		{"Peer eq 'a' and Peer eq 'b'", nil, nil, "two conditions"},
		{"Peer eq '*' and", nil, nil, "expected and <condition>"},
		{"Peer eq '*' Type eq '*'", nil, nil, "expected and <condition>"},
		{"Peer eq 'open", nil, nil, "not closed"},
	}
	for _, tc := range tests {
		f, err := parseMetricFilter(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) || !strings.Contains(err.Error(), tc.in) {
				t.Errorf("%q: err %v, want one quoting the filter with %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(f.dims, tc.dims) || !reflect.DeepEqual(f.values, tc.values) {
			t.Errorf("%q: %+v, %v; want dims %v values %v", tc.in, f, err, tc.dims, tc.values)
		}
	}

	f, _ := parseMetricFilter("Peer eq 'primary-ipv4' and PeeringType eq '*'")
	for dims, want := range map[[2]string]bool{
		{"Primary-IPv4", "private"}:   true,
		{"Secondary-IPv4", "private"}: false,
	} {
		if got := f.keeps(map[string]string{"Peer": dims[0], "PeeringType": dims[1]}); got != want {
			t.Errorf("keeps(%v) = %v, want %v", dims, got, want)
		}
	}
}
