package armface

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
)

// This file: the $filter of an Azure Monitor metrics query, which names the
// dimensions to split the series by. Its grammar, from the Metrics - List
// reference (armmonitor's MetricsClientListOptions.Filter): conditions
// "Name eq 'value'" joined by "and"; "or" joins conditions on the same
// dimension only ("A eq 'a1' and B eq 'b1' or B eq 'b2' and C eq '*'"); the
// value '*' keeps every value of the dimension, one series each. Names
// and keywords are case-insensitive; a quote inside a value is written
// twice (OData). Other operators (ne, sw) are refused.

// metricFilter is a parsed $filter.
type metricFilter struct {
	// dims are the dimensions named, in the order written, each once.
	dims []string
	// values holds, by lower-cased dimension, the values kept; a dimension
	// given '*' is absent (every value is kept).
	values map[string][]string
}

// parseMetricFilter parses a $filter ("" is no filter).
func parseMetricFilter(s string) (metricFilter, error) {
	f := metricFilter{values: map[string][]string{}}
	toks, err := filterTokens(s)
	if err != nil {
		return f, err
	}
	for len(toks) > 0 {
		// One clause: cond ("or" cond)*, all on one dimension.
		var name string
		var vals []string
		all := false
		for {
			if len(toks) < 3 || toks[0].quoted || !strings.EqualFold(toks[1].text, "eq") || toks[1].quoted || !toks[2].quoted {
				return f, fmt.Errorf("invalid $filter %q: expected <dimension> eq '<value>' at %q (the simulator understands eq, and, or)", s, rest(toks))
			}
			if name != "" && !strings.EqualFold(name, toks[0].text) {
				return f, fmt.Errorf("invalid $filter %q: or joins conditions on one dimension only, not %s and %s", s, name, toks[0].text)
			}
			if name == "" {
				name = toks[0].text
			}
			if toks[2].text == "*" {
				all = true
			}
			vals = append(vals, toks[2].text)
			toks = toks[3:]
			if len(toks) == 0 || toks[0].quoted || !strings.EqualFold(toks[0].text, "or") {
				break
			}
			toks = toks[1:]
		}
		if slices.ContainsFunc(f.dims, func(d string) bool { return strings.EqualFold(d, name) }) {
			return f, fmt.Errorf("invalid $filter %q: dimension %s is named in two conditions joined by and", s, name)
		}
		f.dims = append(f.dims, name)
		if !all {
			f.values[strings.ToLower(name)] = vals
		}
		if len(toks) == 0 {
			break
		}
		if toks[0].quoted || !strings.EqualFold(toks[0].text, "and") || len(toks) == 1 {
			return f, fmt.Errorf("invalid $filter %q: expected and <condition> at %q", s, rest(toks))
		}
		toks = toks[1:]
	}
	return f, nil
}

// keeps reports whether a series with these dimension values passes the
// filter's values.
func (f metricFilter) keeps(dims map[string]string) bool {
	for k, v := range dims {
		want, ok := f.values[strings.ToLower(k)]
		if ok && !slices.ContainsFunc(want, func(w string) bool { return strings.EqualFold(w, v) }) {
			return false
		}
	}
	return true
}

// filterToken is a word or a quoted value of a $filter.
type filterToken struct {
	text   string
	quoted bool
}

// filterTokens splits a $filter into words and 'quoted values'.
func filterTokens(s string) ([]filterToken, error) {
	var out []filterToken
	for i := 0; i < len(s); {
		switch c := rune(s[i]); {
		case unicode.IsSpace(c):
			i++
		case c == '\'':
			var b strings.Builder
			i++
			for {
				if i >= len(s) {
					return nil, fmt.Errorf("invalid $filter %q: a quote is not closed", s)
				}
				if s[i] == '\'' {
					if i+1 < len(s) && s[i+1] == '\'' { // '' is a quote
						b.WriteByte('\'')
						i += 2
						continue
					}
					i++
					break
				}
				b.WriteByte(s[i])
				i++
			}
			out = append(out, filterToken{text: b.String(), quoted: true})
		default:
			j := i
			for j < len(s) && s[j] != '\'' && !unicode.IsSpace(rune(s[j])) {
				j++
			}
			out = append(out, filterToken{text: s[i:j]})
			i = j
		}
	}
	return out, nil
}

// rest writes tokens back, for errors.
func rest(toks []filterToken) string {
	parts := make([]string, len(toks))
	for i, t := range toks {
		parts[i] = t.text
		if t.quoted {
			parts[i] = "'" + t.text + "'"
		}
	}
	return strings.Join(parts, " ")
}
