package strictyaml

import (
	"reflect"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

type inner struct {
	Size int `yaml:"size"`
}

type doc struct {
	Name  string            `yaml:"name"`
	On    *bool             `yaml:"on"`
	List  []string          `yaml:"list"`
	Tags  map[string]string `yaml:"tags"`
	Inner inner             `yaml:"inner"`
	Upper upper             `yaml:"upper"`
}

// upper is decoded by a Custom decoder.
type upper string

var opts = Options{
	Noun: "doc", MaxAliasNodes: 20, Empty: "the doc is empty", MapEntry: "tag", ZeroIsUnset: true,
	Custom: map[reflect.Type]func(*yaml.Node) (any, string, string){
		reflect.TypeFor[upper](): func(n *yaml.Node) (any, string, string) {
			if n.Value != strings.ToUpper(n.Value) {
				return nil, n.Value, "is not upper case"
			}
			return upper(n.Value), "", ""
		},
	},
}

func TestDecode(t *testing.T) {
	type want struct {
		line         int
		field, value string
		problem      string // a part of the problem
	}
	tests := []struct {
		name, in string
		want     []want
	}{
		{"ok", "name: x\non: true\nlist: [a, b]\ntags: {k: v}\ninner: {size: 3}\nupper: ABC\n", nil},
		{"json", `{"name": "x\/y", "inner": {"size": 1}}`, nil},
		{"unknown key suggests", "nmae: x\n", []want{{1, "nmae", "", "is not a known key (did you mean name?"}}},
		{"wrong case", "Name: x\n", []want{{1, "Name", "", "did you mean name? keys are case-sensitive"}}},
		{"duplicate", "name: a\nname: b\n", []want{{2, "name", "", "is set twice (first on line 1)"}}},
		{"wrong kind", "inner: 3\n", []want{{1, "inner", "3", "is an integer, but inner is a mapping"}}},
		{"quoted int", "inner: {size: \"3\"}\n", []want{{1, "inner.size", "3", "is in quotes, so it is a string"}}},
		{"zero", "inner: {size: 0}\n", []want{{1, "inner.size", "0", "is not a valid value"}}},
		{"custom", "upper: abc\n", []want{{1, "upper", "abc", "is not upper case"}}},
		{"merge key", "<<: {name: x}\n", []want{{1, "", "", "merge keys are not supported in a doc"}}},
		{"two documents", "name: a\n---\nname: b\n", []want{{3, "", "", "a doc file holds exactly one document"}}},
		{"empty", "", []want{{0, "", "", "the doc is empty"}}},
		{"not a mapping", "- a\n", []want{{1, "", "", "the doc must be a mapping of keys (name, on, list, tags, inner, upper), not a list"}}},
		{"syntax", "name: [a\n", []want{{2, "", "", "the doc is not valid YAML or JSON: did not find expected ',' or ']'"}}},
		{"alias bomb", "list: &a [x, x, x, x, x, x, x, x, x, x]\ntags: {k: *a}\nname: *a\nupper: *a\non: *a\n", []want{
			{1, "tags.k", "", "is a list"}, {3, "name", "", "the YAML aliases in this doc expand to more than 20 values"}}},
		{"every problem", "nmae: x\ninner: 3\n", []want{{1, "nmae", "", "is not a known key"}, {2, "inner", "3", "is a mapping"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d doc
			ps := Decode([]byte(tt.in), &d, opts)
			if len(ps) != len(tt.want) {
				t.Fatalf("problems %+v, want %d", ps, len(tt.want))
			}
			for i, w := range tt.want {
				p := ps[i]
				if p.Line != w.line || p.Field != w.field || p.Value != w.value || !strings.Contains(p.Problem, w.problem) {
					t.Errorf("problem %d = %+v, want %+v", i, p, w)
				}
			}
		})
	}
}

func TestSuggest(t *testing.T) {
	for _, tt := range []struct{ w, want string }{{"aply", "apply"}, {"PLAN", "plan"}, {"verfy", "verify"}, {"xyzzy", ""}} {
		if got := Suggest(tt.w, []string{"plan", "apply", "verify", "destroy"}); got != tt.want {
			t.Errorf("Suggest(%q) = %q, want %q", tt.w, got, tt.want)
		}
	}
}
