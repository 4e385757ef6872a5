// Package strictyaml decodes one YAML or JSON document into a Go struct
// strictly: keys are exactly those of the struct's yaml tags
// (case-sensitive), unknown and duplicate keys are problems naming the line
// and the likely intended key, values of the wrong kind are problems, merge
// keys are refused, and input size, document count and alias expansion are
// bounded. JSON goes through the same decoder (JSON is YAML), so both follow
// one set of rules. Every problem is reported, not only the first.
//
// It knows nothing of what it decodes: types that need their own decoding
// (a prefix, a bandwidth, a secret) are given as Options.Custom.
package strictyaml

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Problem is one thing wrong with the input.
type Problem struct {
	Line    int    // 1-based; 0 when the problem has no line
	Field   string // the path of the field, e.g. "azure.gateway.sku"
	Value   string // the offending value as written, or "" when there is none to show
	Problem string // what is wrong and how to fix it
}

// Options tune Decode.
type Options struct {
	// Noun names the document in messages ("spec").
	Noun string
	// MaxAliasNodes bounds the nodes visited through YAML aliases (an alias
	// bomb fails fast). The caller bounds the input's size.
	MaxAliasNodes int
	// Empty is the problem reported for an empty document.
	Empty string
	// Custom decodes the fields of the given types: it returns the value to
	// set, or a problem and the value to show with it ("" to show none, as
	// for a secret).
	Custom map[reflect.Type]func(n *yaml.Node) (val any, shown, problem string)
	// MapEntry names an entry of a map field in messages ("tag").
	MapEntry string
	// MapKeyPath makes the path of a map entry from the map's path and the
	// key; nil means parent + "." + key.
	MapKeyPath func(parent, key string) string
	// ZeroIsUnset makes an integer written as 0 a problem: in the decoded
	// struct, 0 means "not set".
	ZeroIsUnset bool
}

// Decode decodes data into out, a pointer to a struct whose fields carry
// yaml tags and are of kinds string, int, *bool, []string, map[string]string,
// nested structs, or a type in o.Custom. It returns every problem found;
// out is only meaningful when there are none.
func Decode(data []byte, out any, o Options) []Problem {
	if json.Valid(data) {
		// JSON allows "\/" in strings and the YAML decoder does not: drop
		// the backslash. Line numbers are unchanged.
		data = unescapeJSONSlashes(data)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return fail(0, o.Empty)
		}
		return syntaxFailure(o.Noun, err)
	}
	for {
		var extra yaml.Node
		err := dec.Decode(&extra)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return syntaxFailure(o.Noun, err)
		}
		if len(extra.Content) > 0 && extra.Content[0].ShortTag() != "!!null" {
			return fail(extra.Content[0].Line, fmt.Sprintf("a second YAML document starts here; a %s file holds exactly one document (remove the extra \"---\" section or split it into its own file)", o.Noun))
		}
	}
	d := &decoder{o: o}
	var root *yaml.Node
	if len(doc.Content) > 0 {
		root = d.resolve(doc.Content[0], "")
	}
	v := reflect.ValueOf(out).Elem()
	switch {
	case root == nil || IsNull(root):
		line := 0
		if root != nil {
			line = root.Line
		}
		return fail(line, o.Empty)
	case root.Kind != yaml.MappingNode:
		return fail(root.Line, fmt.Sprintf("the %s must be a mapping of keys (%s), not %s", o.Noun, strings.Join(keysOf(v.Type()), ", "), KindName(root)))
	}
	d.decodeStruct(root, "", v)
	return d.problems
}

func fail(line int, problem string) []Problem { return []Problem{{Line: line, Problem: problem}} }

var yamlLineRE = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

// yamlParserErrors are the messages of go.yaml.in/yaml/v3's parser (as
// opposed to its scanner). For these it reports the 0-based line of the
// enclosing block, list or mapping (or of the problem, when there is no
// enclosing one), and no line at all for line 0; Decode reports that line
// 1-based.
var yamlParserErrors = map[string]bool{
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"did not find expected key":              true,
	"did not find expected '-' indicator":    true,
	"did not find expected node content":     true,
	"did not find expected <document start>": true,
	"did not find expected <stream-start>":   true,
	"found undefined tag handle":             true,
	"found duplicate %YAML directive":        true,
	"found incompatible YAML document":       true,
	"found duplicate %TAG directive":         true,
}

// syntaxFailure turns a YAML syntax error into a problem, lifting the line
// number out of the message.
func syntaxFailure(noun string, err error) []Problem {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	}
	if yamlParserErrors[msg] {
		line++
		msg += " (an unclosed bracket or a wrong indentation on this line or one before it)"
	}
	return fail(line, "the "+noun+" is not valid YAML or JSON: "+msg)
}

// unescapeJSONSlashes rewrites the JSON escape \/ as / inside strings. data
// must be valid JSON.
func unescapeJSONSlashes(data []byte) []byte {
	if !bytes.Contains(data, []byte(`\/`)) {
		return data
	}
	out := make([]byte, 0, len(data))
	inString := false
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch {
		case !inString:
			inString = c == '"'
		case c == '\\' && i+1 < len(data):
			if data[i+1] == '/' {
				out = append(out, '/')
				i++
				continue
			}
			out = append(out, c, data[i+1])
			i++
			continue
		case c == '"':
			inString = false
		}
		out = append(out, c)
	}
	return out
}

// IsNull reports whether n is a null scalar ("", "~", "null").
func IsNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// KindName names the kind of a node for messages: "a mapping", "a list",
// "an integer", "a string", ...
func KindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!int":
			return "an integer"
		case "!!float":
			return "a number"
		case "!!bool":
			return "a boolean"
		case "!!null":
			return "null"
		}
		return "a string"
	}
	return "an unexpected YAML node"
}
