package interconnect

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"github.com/azoci/interconnect/secret"
	"go.yaml.in/yaml/v3"
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
	if json.Valid(data) {
		// JSON allows "\/" in strings and the YAML decoder does not: drop
		// the backslash. Line numbers are unchanged.
		data = unescapeJSONSlashes(data)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return Spec{}, parseFailure(0, "the spec is empty; it needs at least name, bandwidth, azure and oci (see README.md)")
		}
		return Spec{}, syntaxFailure(err)
	}
	for {
		var extra yaml.Node
		err := dec.Decode(&extra)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return Spec{}, syntaxFailure(err)
		}
		if len(extra.Content) > 0 && extra.Content[0].ShortTag() != "!!null" {
			return Spec{}, parseFailure(extra.Content[0].Line, "a second YAML document starts here; a spec file holds exactly one document (remove the extra \"---\" section or split it into its own file)")
		}
	}
	d := &decoder{}
	var root *yaml.Node
	if len(doc.Content) > 0 {
		root = d.resolve(doc.Content[0], "")
	}
	switch {
	case root == nil || isNull(root):
		return Spec{}, parseFailure(root.Line, "the spec is empty; it needs at least name, bandwidth, azure and oci (see README.md)")
	case root.Kind != yaml.MappingNode:
		return Spec{}, parseFailure(root.Line, fmt.Sprintf("the spec must be a mapping of keys (name, bandwidth, azure, oci, peering, tags), not %s", kindName(root)))
	default:
		d.decodeStruct(root, "", reflect.ValueOf(&s).Elem())
	}
	if len(d.problems) > 0 {
		sortByLine(d.problems)
		return Spec{}, &ParseError{Problems: d.problems}
	}
	return s, nil
}

func parseFailure(line int, problem string) *ParseError {
	return &ParseError{Problems: []*FieldError{{Line: line, Problem: problem}}}
}

var yamlLineRE = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

// yamlParserErrors are the messages of go.yaml.in/yaml/v3's parser (as
// opposed to its scanner). For these it reports the 0-based line of the
// enclosing block, list or mapping (or of the problem, when there is no
// enclosing one), and no line at all for line 0; ParseSpec reports that line
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

// syntaxFailure turns a YAML syntax error into a ParseError, lifting the line
// number out of the message.
func syntaxFailure(err error) *ParseError {
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
	return parseFailure(line, "the spec is not valid YAML or JSON: "+msg)
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

// decoder walks a YAML node tree into a Spec, collecting every problem.
type decoder struct {
	problems   []*FieldError
	aliasNodes int  // nodes visited through aliases
	bombed     bool // the alias budget ran out
}

func (d *decoder) fail(n *yaml.Node, field, value, problem string) {
	line := 0
	if n != nil {
		line = n.Line
	}
	d.problems = append(d.problems, &FieldError{Field: field, Value: value, Problem: problem, Line: line})
}

// resolve follows aliases and charges nodes reached through them against the
// alias budget. It returns nil once the budget is spent.
func (d *decoder) resolve(n *yaml.Node, field string) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		if d.bombed {
			return nil
		}
		d.aliasNodes += countNodes(n.Alias, maxAliasNodes-d.aliasNodes+1)
		if d.aliasNodes > maxAliasNodes {
			d.bombed = true
			d.fail(n, field, "", fmt.Sprintf("the YAML aliases in this spec expand to more than %d values; write the values out instead of nesting aliases", maxAliasNodes))
			return nil
		}
		n = n.Alias
	}
	return n
}

// countNodes counts the nodes under n, aliases expanded, stopping at limit.
func countNodes(n *yaml.Node, limit int) int {
	count := 0
	var walk func(*yaml.Node)
	walk = func(n *yaml.Node) {
		if n == nil || count >= limit {
			return
		}
		count++
		if n.Kind == yaml.AliasNode {
			walk(n.Alias)
			return
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(n)
	return count
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

func kindName(n *yaml.Node) string {
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

func joinPath(parent, key string) string {
	if parent == "" {
		return key
	}
	return parent + "." + key
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

// yamlKey returns the YAML key of a struct field.
func yamlKey(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
	return name
}

// decodeStruct decodes a mapping into the struct v, whose fields name their
// keys in yaml tags.
func (d *decoder) decodeStruct(n *yaml.Node, path string, v reflect.Value) {
	t := v.Type()
	var keys []string
	index := map[string]int{}
	for i := range t.NumField() {
		k := yamlKey(t.Field(i))
		keys = append(keys, k)
		index[k] = i
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		kn := d.resolve(n.Content[i], path)
		if kn == nil {
			return
		}
		if kn.Kind != yaml.ScalarNode {
			d.fail(kn, path, "", fmt.Sprintf("has a key that is %s; keys are plain words such as %s", kindName(kn), keys[0]))
			continue
		}
		key := kn.Value
		field := joinPath(path, key)
		if kn.ShortTag() == "!!merge" {
			d.fail(kn, path, "", "uses a YAML merge key (<<); merge keys are not supported in a spec, so write the keys out")
			continue
		}
		if prev, dup := seen[key]; dup {
			d.fail(kn, field, "", fmt.Sprintf("is set twice (first on line %d); keep one", prev))
			continue
		}
		seen[key] = kn.Line
		fi, ok := index[key]
		if !ok {
			d.fail(kn, field, "", unknownKeyProblem(key, path, keys))
			continue
		}
		d.decodeValue(n.Content[i+1], field, v.Field(fi))
	}
}

func unknownKeyProblem(key, path string, keys []string) string {
	where := "at the top level"
	if path != "" {
		where = "under " + path
	}
	msg := fmt.Sprintf("is not a known key; the keys %s are %s", where, strings.Join(keys, ", "))
	if s := suggestKey(key, keys); s != "" {
		msg = fmt.Sprintf("is not a known key (did you mean %s? keys are case-sensitive); the keys %s are %s", s, where, strings.Join(keys, ", "))
	}
	return msg
}

// suggestKey returns the known key closest to key: the same key in another
// case, or one within two edits.
func suggestKey(key string, keys []string) string {
	for _, k := range keys {
		if strings.EqualFold(k, key) {
			return k
		}
	}
	best, bestDist := "", 3
	for _, k := range keys {
		if dist := editDistance(strings.ToLower(key), strings.ToLower(k)); dist < bestDist {
			best, bestDist = k, dist
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, in bytes. Keys are
// short; inputs longer than 64 bytes are not compared.
func editDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 1 << 30
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

var (
	prefixType    = reflect.TypeFor[netip.Prefix]()
	bandwidthType = reflect.TypeFor[Bandwidth]()
	secretType    = reflect.TypeFor[secret.Value]()
)

// decodeValue decodes n into v, the field at path.
func (d *decoder) decodeValue(n *yaml.Node, path string, v reflect.Value) {
	n = d.resolve(n, path)
	if n == nil || isNull(n) {
		return
	}
	switch v.Type() {
	case prefixType:
		d.decodePrefix(n, path, v)
		return
	case bandwidthType:
		d.decodeBandwidth(n, path, v)
		return
	case secretType:
		// Never echo anything of a secret's value, not even its type's text.
		if n.Kind != yaml.ScalarNode {
			d.fail(n, path, "", fmt.Sprintf("must be a string, not %s", kindName(n)))
			return
		}
		v.SetString(n.Value)
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			d.fail(n, path, scalarText(n), fmt.Sprintf("is %s, but %s is a mapping of keys; write it as an indented block of key: value lines", kindName(n), path))
			return
		}
		d.decodeStruct(n, path, v)
	case reflect.String:
		if s, ok := d.scalarString(n, path); ok {
			v.SetString(s)
		}
	case reflect.Int:
		d.decodeInt(n, path, v)
	case reflect.Pointer: // *bool
		if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!bool" {
			d.fail(n, path, scalarText(n), fmt.Sprintf("is %s; write true or false", kindName(n)))
			return
		}
		var b bool
		if err := n.Decode(&b); err != nil {
			d.fail(n, path, n.Value, "is not true or false")
			return
		}
		v.Set(reflect.ValueOf(&b))
	case reflect.Slice: // []string
		if n.Kind != yaml.SequenceNode {
			d.fail(n, path, scalarText(n), fmt.Sprintf("is %s; write a list, one \"- value\" line per entry (or [a, b] in JSON style)", kindName(n)))
			return
		}
		out := make([]string, 0, len(n.Content))
		for i, c := range n.Content {
			ip := fmt.Sprintf("%s[%d]", path, i)
			c = d.resolve(c, ip)
			if c == nil {
				return
			}
			s := ""
			if !isNull(c) {
				s, _ = d.scalarString(c, ip)
			}
			out = append(out, s)
		}
		v.Set(reflect.ValueOf(out))
	case reflect.Map: // map[string]string
		if n.Kind != yaml.MappingNode {
			d.fail(n, path, scalarText(n), fmt.Sprintf("is %s; write a mapping of key: value lines", kindName(n)))
			return
		}
		out := make(map[string]string, len(n.Content)/2)
		lines := map[string]int{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			kn := d.resolve(n.Content[i], path)
			if kn == nil {
				return
			}
			if kn.Kind != yaml.ScalarNode || kn.ShortTag() == "!!merge" {
				d.fail(kn, path, "", "has a key that is not a plain value; write each tag as key: value")
				continue
			}
			key := kn.Value
			if prev, dup := lines[key]; dup {
				d.fail(kn, tagPath(key), "", fmt.Sprintf("is set twice (first on line %d); keep one", prev))
				continue
			}
			lines[key] = kn.Line
			vn := d.resolve(n.Content[i+1], tagPath(key))
			if vn == nil {
				return
			}
			val := ""
			if !isNull(vn) {
				val, _ = d.scalarString(vn, tagPath(key))
			}
			out[key] = val
		}
		v.Set(reflect.ValueOf(out))
	default:
		panic(fmt.Sprintf("interconnect: ParseSpec cannot decode %v at %s", v.Type(), path))
	}
}

// scalarText is the text of a scalar node, for echoing in an error, or "" for
// other nodes.
func scalarText(n *yaml.Node) string {
	if n.Kind == yaml.ScalarNode {
		return n.Value
	}
	return ""
}

// scalarString returns the text of a scalar, as written: "name: 123" gives
// "123". Lists and mappings are errors.
func (d *decoder) scalarString(n *yaml.Node, path string) (string, bool) {
	if n.Kind != yaml.ScalarNode {
		d.fail(n, path, "", fmt.Sprintf("is %s; write a single value", kindName(n)))
		return "", false
	}
	return n.Value, true
}

func (d *decoder) decodeInt(n *yaml.Node, path string, v reflect.Value) {
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!int" {
		what := kindName(n)
		if n.Kind == yaml.ScalarNode && n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
			what = "in quotes, so it is a string"
		}
		d.fail(n, path, scalarText(n), fmt.Sprintf("is %s; write a whole number without quotes", what))
		return
	}
	var i int64
	if err := n.Decode(&i); err != nil || int64(int(i)) != i {
		d.fail(n, path, n.Value, "is not a whole number this field can hold")
		return
	}
	if i == 0 {
		// In a Spec, 0 means "not set, use the default" (vlan: pick one;
		// scaleUnits: the SKU's default); written out, it is a mistake.
		d.fail(n, path, n.Value, "is not a valid value; leave the key out to use the default")
		return
	}
	v.SetInt(i)
}

func (d *decoder) decodePrefix(n *yaml.Node, path string, v reflect.Value) {
	if n.Kind != yaml.ScalarNode {
		d.fail(n, path, "", fmt.Sprintf("is %s; write one IPv4 prefix in CIDR notation, such as 192.168.240.0/24", kindName(n)))
		return
	}
	if n.Value == "" {
		return
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
		d.fail(n, path, n.Value, fmt.Sprintf("is not a prefix in CIDR notation such as 192.168.240.0/24: %s%s", detail, hint))
		return
	}
	v.Set(reflect.ValueOf(p))
}

// decodeBandwidth decodes with bandwidthFromNode, the decoder that
// Bandwidth.UnmarshalYAML uses too.
func (d *decoder) decodeBandwidth(n *yaml.Node, path string, v reflect.Value) {
	b, err := bandwidthFromNode(n)
	if err != nil {
		value := ""
		if n.Kind == yaml.ScalarNode {
			value = n.Value
		}
		d.fail(n, path, value, strings.TrimPrefix(err.Error(), value+" "))
		return
	}
	v.SetInt(int64(b))
}
