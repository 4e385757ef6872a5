package strictyaml

import (
	"fmt"
	"reflect"
	"strings"

	"go.yaml.in/yaml/v3"
)

// decoder walks a YAML node tree into a struct, collecting every problem.
type decoder struct {
	o          Options
	problems   []Problem
	aliasNodes int  // nodes visited through aliases
	bombed     bool // the alias budget ran out
}

func (d *decoder) fail(n *yaml.Node, field, value, problem string) {
	line := 0
	if n != nil {
		line = n.Line
	}
	d.problems = append(d.problems, Problem{Line: line, Field: field, Value: value, Problem: problem})
}

// resolve follows aliases and charges nodes reached through them against the
// alias budget. It returns nil once the budget is spent.
func (d *decoder) resolve(n *yaml.Node, field string) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		if d.bombed {
			return nil
		}
		d.aliasNodes += countNodes(n.Alias, d.o.MaxAliasNodes-d.aliasNodes+1)
		if d.aliasNodes > d.o.MaxAliasNodes {
			d.bombed = true
			d.fail(n, field, "", fmt.Sprintf("the YAML aliases in this %s expand to more than %d values; write the values out instead of nesting aliases", d.o.Noun, d.o.MaxAliasNodes))
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

func joinPath(parent, key string) string {
	if parent == "" {
		return key
	}
	return parent + "." + key
}

func (d *decoder) mapKeyPath(parent, key string) string {
	if d.o.MapKeyPath != nil {
		return d.o.MapKeyPath(parent, key)
	}
	return joinPath(parent, key)
}

// yamlKey returns the YAML key of a struct field.
func yamlKey(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
	return name
}

func keysOf(t reflect.Type) []string {
	keys := make([]string, t.NumField())
	for i := range t.NumField() {
		keys[i] = yamlKey(t.Field(i))
	}
	return keys
}

// decodeStruct decodes a mapping into the struct v, whose fields name their
// keys in yaml tags.
func (d *decoder) decodeStruct(n *yaml.Node, path string, v reflect.Value) {
	keys := keysOf(v.Type())
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		kn := d.resolve(n.Content[i], path)
		if kn == nil {
			return
		}
		if kn.Kind != yaml.ScalarNode {
			d.fail(kn, path, "", fmt.Sprintf("has a key that is %s; keys are plain words such as %s", KindName(kn), keys[0]))
			continue
		}
		key := kn.Value
		field := joinPath(path, key)
		if kn.ShortTag() == "!!merge" {
			d.fail(kn, path, "", "uses a YAML merge key (<<); merge keys are not supported in a "+d.o.Noun+", so write the keys out")
			continue
		}
		if prev, dup := seen[key]; dup {
			d.fail(kn, field, "", fmt.Sprintf("is set twice (first on line %d); keep one", prev))
			continue
		}
		seen[key] = kn.Line
		fi := -1
		for j, k := range keys {
			if k == key {
				fi = j
			}
		}
		if fi < 0 {
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
	return Suggest(strings.ToLower(key), keys)
}

// Suggest returns the word of words within two edits of w (ignoring case),
// the closest first, or "": the "did you mean" of keys and commands.
func Suggest(w string, words []string) string {
	best, bestDist := "", 3
	for _, k := range words {
		if dist := editDistance(strings.ToLower(w), strings.ToLower(k)); dist < bestDist {
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

// decodeValue decodes n into v, the field at path.
func (d *decoder) decodeValue(n *yaml.Node, path string, v reflect.Value) {
	n = d.resolve(n, path)
	if n == nil || IsNull(n) {
		return
	}
	if custom, ok := d.o.Custom[v.Type()]; ok {
		val, shown, problem := custom(n)
		if problem != "" {
			d.fail(n, path, shown, problem)
			return
		}
		v.Set(reflect.ValueOf(val).Convert(v.Type()))
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			d.fail(n, path, scalarText(n), fmt.Sprintf("is %s, but %s is a mapping of keys; write it as an indented block of key: value lines", KindName(n), path))
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
			d.fail(n, path, scalarText(n), fmt.Sprintf("is %s; write true or false", KindName(n)))
			return
		}
		var b bool
		if err := n.Decode(&b); err != nil {
			d.fail(n, path, n.Value, "is not true or false")
			return
		}
		v.Set(reflect.ValueOf(&b))
	case reflect.Slice: // []string, or a list of structs
		d.decodeList(n, path, v)
	case reflect.Map: // map[string]string
		d.decodeMap(n, path, v)
	default:
		panic(fmt.Sprintf("strictyaml: cannot decode %v at %s", v.Type(), path))
	}
}

func (d *decoder) decodeList(n *yaml.Node, path string, v reflect.Value) {
	if n.Kind != yaml.SequenceNode {
		d.fail(n, path, scalarText(n), fmt.Sprintf("is %s; write a list, one \"- value\" line per entry (or [a, b] in JSON style)", KindName(n)))
		return
	}
	out := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
	for i, c := range n.Content {
		// Each entry decodes as a value of its own: a string, or a mapping
		// for a list of structs. A null entry is the zero value.
		d.decodeValue(c, fmt.Sprintf("%s[%d]", path, i), out.Index(i))
	}
	v.Set(out)
}

func (d *decoder) decodeMap(n *yaml.Node, path string, v reflect.Value) {
	if n.Kind != yaml.MappingNode {
		d.fail(n, path, scalarText(n), fmt.Sprintf("is %s; write a mapping of key: value lines", KindName(n)))
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
			d.fail(kn, path, "", fmt.Sprintf("has a key that is not a plain value; write each %s as key: value", d.o.MapEntry))
			continue
		}
		key := kn.Value
		if prev, dup := lines[key]; dup {
			d.fail(kn, d.mapKeyPath(path, key), "", fmt.Sprintf("is set twice (first on line %d); keep one", prev))
			continue
		}
		lines[key] = kn.Line
		vn := d.resolve(n.Content[i+1], d.mapKeyPath(path, key))
		if vn == nil {
			return
		}
		val := ""
		if !IsNull(vn) {
			val, _ = d.scalarString(vn, d.mapKeyPath(path, key))
		}
		out[key] = val
	}
	v.Set(reflect.ValueOf(out))
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
// "123". Lists and mappings are problems.
func (d *decoder) scalarString(n *yaml.Node, path string) (string, bool) {
	if n.Kind != yaml.ScalarNode {
		d.fail(n, path, "", fmt.Sprintf("is %s; write a single value", KindName(n)))
		return "", false
	}
	return n.Value, true
}

func (d *decoder) decodeInt(n *yaml.Node, path string, v reflect.Value) {
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!int" {
		what := KindName(n)
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
	if i == 0 && d.o.ZeroIsUnset {
		d.fail(n, path, n.Value, "is not a valid value; leave the key out to use the default")
		return
	}
	v.SetInt(i)
}
