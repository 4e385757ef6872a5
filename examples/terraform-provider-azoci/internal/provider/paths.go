package provider

import (
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"
)

// attributePath maps a field path of the library's errors, written with the
// spec's keys ("azure.gateway.subnetPrefix", "oci.vcns[1].vcnId",
// "oci.routeTableIds[0]", "tags.env", `tags["a b"]`), to the attribute path
// in the schema (azure.gateway.subnet_prefix, oci.vcns[1].vcn_id, …). When
// only a prefix of it names an attribute (an unknown key), it returns the
// path of that prefix and false; the empty path when nothing matches.
func attributePath(fieldPath string) (path.Path, bool) {
	toks := splitFieldPath(fieldPath)
	var p path.Path
	fs := specFields
	var cur *field
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		switch {
		case cur != nil && cur.kind == kStringMap:
			p = p.AtMapKey(t.name)
			return p, i == len(toks)-1
		case t.index >= 0:
			if cur == nil || (cur.kind != kStrings && cur.kind != kObjectList) {
				return p, false
			}
			p = p.AtListIndex(t.index)
			if cur.kind == kStrings {
				return p, i == len(toks)-1
			}
		default:
			var next *field
			for j := range fs {
				if fs[j].key == t.name {
					next = &fs[j]
					break
				}
			}
			if next == nil {
				return p, false
			}
			if cur == nil {
				p = path.Root(next.name)
			} else {
				p = p.AtName(next.name)
			}
			cur, fs = next, next.children
		}
	}
	return p, len(toks) > 0
}

// fieldToken is one step of a field path: a key, or a list index
// (index ≥ 0), or a quoted map key (as a name).
type fieldToken struct {
	name  string
	index int
}

// splitFieldPath splits "a.b[2].c" and `tags["x.y"]` into their steps.
func splitFieldPath(s string) []fieldToken {
	var toks []fieldToken
	for s != "" {
		switch s[0] {
		case '.':
			s = s[1:]
		case '[':
			end := strings.IndexByte(s, ']')
			if strings.HasPrefix(s, `["`) {
				// A quoted key: find its closing quote, escapes included.
				if q, err := strconv.QuotedPrefix(s[1:]); err == nil {
					key, _ := strconv.Unquote(q)
					toks = append(toks, fieldToken{name: key, index: -1})
					s = strings.TrimPrefix(s[1+len(q):], "]")
					continue
				}
			}
			if end < 0 {
				return toks
			}
			n, err := strconv.Atoi(s[1:end])
			if err != nil {
				return toks
			}
			toks = append(toks, fieldToken{index: n})
			s = s[end+1:]
		default:
			end := strings.IndexAny(s, ".[")
			if end < 0 {
				end = len(s)
			}
			toks = append(toks, fieldToken{name: s[:end], index: -1})
			s = s[end:]
		}
	}
	return toks
}
