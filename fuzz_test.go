package interconnect

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// FuzzParseSpec checks that ParseSpec never panics, that a failure is a
// *ParseError with a zero Spec, and that for anything it accepts Validate and
// WithDefaults never panic, Validate returns nil or a *ValidationError, and
// the effective spec survives Marshal and ParseSpec unchanged (bar the
// redacted MD5 key). Seeds: the example specs and the inputs of the parse
// table tests (also committed under testdata/fuzz/FuzzParseSpec).
func FuzzParseSpec(f *testing.F) {
	for _, file := range []string{"testdata/full.yaml", "testdata/minimal.yaml", "testdata/full.json", "testdata/maximum.yaml"} {
		f.Add(mustRead(f, file))
	}
	for _, c := range parseValueCases {
		f.Add([]byte(c.in))
	}
	for _, c := range parseErrorCases {
		f.Add([]byte(c.in))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ParseSpec(data)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || len(pe.Problems) == 0 {
				t.Fatalf("ParseSpec error %T %v, want a non-empty *ParseError", err, err)
			}
			if !reflect.DeepEqual(s, Spec{}) {
				t.Fatalf("ParseSpec returned a spec with its error: %+v", s)
			}
			if strings.TrimSpace(err.Error()) == "" {
				t.Fatal("empty error text")
			}
			return
		}
		if err := s.Validate(); err != nil {
			var ve *ValidationError
			if !errors.As(err, &ve) || len(ve.Problems) == 0 {
				t.Fatalf("Validate error %T %v, want a non-empty *ValidationError", err, err)
			}
			for _, p := range ve.Problems {
				if p.Field == "peering.md5AuthKey" && p.Value != "" {
					t.Fatalf("MD5 key shown in %q", p.Error())
				}
			}
		}
		d := s.WithDefaults(nil)
		_ = d.Validate()
		if !reflect.DeepEqual(d.WithDefaults(nil), d) {
			t.Fatalf("WithDefaults is not idempotent on %+v", d)
		}
		out, err := d.Marshal()
		if err != nil {
			t.Fatalf("Marshal: %v", err)
		}
		back, err := ParseSpec(out)
		if err != nil {
			t.Fatalf("ParseSpec(Marshal()) failed: %v\n%s", err, out)
		}
		back.Peering.MD5AuthKey = d.Peering.MD5AuthKey
		if len(back.Tags) == 0 && len(d.Tags) == 0 {
			back.Tags = d.Tags
		}
		if len(back.OCI.RouteTableIDs) == 0 && len(d.OCI.RouteTableIDs) == 0 {
			back.OCI.RouteTableIDs = d.OCI.RouteTableIDs
		}
		if !reflect.DeepEqual(back, d) {
			t.Fatalf("Marshal round trip changed the spec:\n%s\ngot  %+v\nwant %+v", out, back, d)
		}
	})
}
