package sim

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/azoci/interconnect/oci"
)

// This file: the subset of MQL (OCI Monitoring Query Language) that the
// simulated OCI Monitoring (metrics_oci.go) serves. Source: Oracle,
// "Monitoring Query Language (MQL) Reference"
// (https://docs.oracle.com/iaas/Content/Monitoring/Reference/mql.htm): the
// components come in the order
//
//	metric[interval]{dimensionname="dimensionvalue"}.groupingfunction.statistic
//
// The subset, spaces allowed between tokens:
//
//	query     = metric "[" interval "]" [ "{" filter { "," filter } "}" ] [ "." grouping ] "." statistic
//	metric    = a letter, then letters, digits, ".", "_", "-" or "$"
//	interval  = 1m-60m | 1h-24h | 1d                     (oci.ParseInterval)
//	filter    = dimension "=" value                       (only "=": no "!=", "=~", "||")
//	dimension = like metric
//	value     = a double-quoted string; \" and \\ are its escapes
//	grouping  = "grouping()" | "groupBy(" dimension { "," dimension } ")"
//	statistic = "mean()" | "max()" | "min()" | "sum()" | "count()" | "rate()"
//
// Anything else (percentiles, absent(), alarm conditions, nested or joined
// queries) is refused with a message that names what and where, as OCI
// answers 400 InvalidParameter for a query it cannot run.

// mqlQuery is a parsed query.
type mqlQuery struct {
	metric   string
	interval time.Duration
	// filters select the streams whose dimensions have these values.
	filters []mqlFilter
	// grouping aggregates every selected stream into one, without
	// dimensions; groupBy aggregates the streams that share the values of
	// these dimensions. At most one of them is set.
	grouping bool
	groupBy  []string
	// statistic is one of the oci.Statistic* constants.
	statistic string
}

// mqlFilter is one dimension = "value" of a query.
type mqlFilter struct{ dimension, value string }

// mqlStatistics are the statistics the simulator computes.
var mqlStatistics = []string{oci.StatisticMean, oci.StatisticMax, oci.StatisticMin, oci.StatisticSum, oci.StatisticCount, oci.StatisticRate}

// parseMQL parses a query of the subset. Its errors say what is wrong and at
// which byte offset, e.g. `at offset 20: want "]" after the interval, found "x"`.
func parseMQL(s string) (mqlQuery, error) {
	p := &mqlParser{s: s}
	q, err := p.query()
	if err != nil {
		return mqlQuery{}, err
	}
	return q, nil
}

// mqlParser reads a query left to right; pos is the offset of the next byte.
type mqlParser struct {
	s   string
	pos int
}

func (p *mqlParser) errorf(format string, args ...any) error {
	return fmt.Errorf("at offset %d: %s", p.pos, fmt.Sprintf(format, args...))
}

// found describes what is at pos, for errors: the next token-ish piece, or
// "the end of the query".
func (p *mqlParser) found() string {
	if p.pos >= len(p.s) {
		return "the end of the query"
	}
	rest := p.s[p.pos:]
	if n := identLen(rest); n > 0 {
		return fmt.Sprintf("%q", rest[:n])
	}
	return fmt.Sprintf("%q", rest[:1])
}

func (p *mqlParser) space() {
	for p.pos < len(p.s) && strings.IndexByte(" \t\r\n", p.s[p.pos]) >= 0 {
		p.pos++
	}
}

// accept consumes tok (after spaces) if it is next.
func (p *mqlParser) accept(tok string) bool {
	p.space()
	if strings.HasPrefix(p.s[p.pos:], tok) {
		p.pos += len(tok)
		return true
	}
	return false
}

// expect consumes tok or fails saying what it follows.
func (p *mqlParser) expect(tok, after string) error {
	if !p.accept(tok) {
		return p.errorf("want %q %s, found %s", tok, after, p.found())
	}
	return nil
}

// identLen is the length of the name at the start of s: a letter, then
// letters, digits, ".", "_", "-" or "$" (the characters OCI allows in metric
// and dimension names).
func identLen(s string) int {
	n := 0
	for n < len(s) {
		c := s[n]
		letter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if !letter && (n == 0 || !(c >= '0' && c <= '9' || strings.IndexByte("._-$", c) >= 0)) {
			break
		}
		n++
	}
	return n
}

// ident reads a name; what names it in the error.
func (p *mqlParser) ident(what string) (string, error) {
	p.space()
	n := identLen(p.s[p.pos:])
	if n == 0 {
		return "", p.errorf("want %s, found %s", what, p.found())
	}
	p.pos += n
	return p.s[p.pos-n : p.pos], nil
}

func (p *mqlParser) query() (mqlQuery, error) {
	var q mqlQuery
	var err error
	if q.metric, err = p.ident("a metric name"); err != nil {
		return q, err
	}
	if err := p.expect("[", fmt.Sprintf("after the metric name %q (the interval, e.g. [1m], is required)", q.metric)); err != nil {
		return q, err
	}
	start := p.pos
	for p.pos < len(p.s) && p.s[p.pos] != ']' {
		p.pos++
	}
	if p.pos >= len(p.s) {
		p.pos = start
		return q, p.errorf("the interval has no closing \"]\"")
	}
	raw := strings.TrimSpace(p.s[start:p.pos])
	if q.interval, err = oci.ParseInterval(raw); err != nil {
		p.pos = start
		return q, p.errorf("%v", err)
	}
	p.pos++ // ]
	if p.accept("{") {
		if q.filters, err = p.filters(); err != nil {
			return q, err
		}
	}
	if err := p.expect(".", "after the metric's interval and dimensions (the statistic, e.g. .mean(), is required)"); err != nil {
		return q, err
	}
	at := p.pos
	name, err := p.ident("a grouping function or a statistic")
	if err != nil {
		return q, err
	}
	switch name {
	case "grouping", "groupBy":
		if err := p.grouping(&q, name); err != nil {
			return q, err
		}
		if err := p.expect(".", "after the grouping function (the statistic, e.g. .mean(), is required)"); err != nil {
			return q, err
		}
		at = p.pos
		if name, err = p.ident("a statistic"); err != nil {
			return q, err
		}
	}
	if !slices.Contains(mqlStatistics, name) {
		p.pos = at
		p.space()
		return q, p.errorf("statistic %q is not served by the simulator (it serves %s)", name, strings.Join(mqlStatistics, ", "))
	}
	q.statistic = name
	if err := p.expect("(", "after the statistic"); err != nil {
		return q, err
	}
	if err := p.expect(")", "(the statistic takes no argument)"); err != nil {
		return q, err
	}
	if p.space(); p.pos < len(p.s) {
		return q, p.errorf("unexpected %s after the statistic (alarm conditions, nested and joined queries are not served by the simulator)", p.found())
	}
	return q, nil
}

// filters reads dimension = "value" pairs up to the closing brace.
func (p *mqlParser) filters() ([]mqlFilter, error) {
	var out []mqlFilter
	for {
		dim, err := p.ident("a dimension name")
		if err != nil {
			return nil, err
		}
		p.space()
		for _, op := range []string{"!=", "=~", "!~"} {
			if strings.HasPrefix(p.s[p.pos:], op) {
				return nil, p.errorf("operator %q for dimension %s is not served by the simulator (only =)", op, dim)
			}
		}
		if err := p.expect("=", "after dimension "+dim); err != nil {
			return nil, err
		}
		v, err := p.quoted(dim)
		if err != nil {
			return nil, err
		}
		out = append(out, mqlFilter{dim, v})
		if p.accept("}") {
			return out, nil
		}
		if p.accept("||") || p.accept("&&") {
			p.pos -= 2
			return nil, p.errorf("operator %q is not served by the simulator (separate dimensions with commas)", p.s[p.pos:p.pos+2])
		}
		if err := p.expect(",", "or \"}\" after the value of dimension "+dim); err != nil {
			return nil, err
		}
	}
}

// quoted reads a double-quoted dimension value.
func (p *mqlParser) quoted(dim string) (string, error) {
	p.space()
	if p.pos >= len(p.s) || p.s[p.pos] != '"' {
		return "", p.errorf("want the value of dimension %s in double quotes, found %s", dim, p.found())
	}
	start := p.pos
	var b strings.Builder
	for p.pos++; p.pos < len(p.s); p.pos++ {
		switch c := p.s[p.pos]; c {
		case '"':
			p.pos++
			return b.String(), nil
		case '\\':
			if p.pos+1 < len(p.s) && (p.s[p.pos+1] == '"' || p.s[p.pos+1] == '\\') {
				p.pos++
				b.WriteByte(p.s[p.pos])
				continue
			}
			return "", p.errorf("the value of dimension %s has a backslash that escapes neither \" nor \\", dim)
		default:
			b.WriteByte(c)
		}
	}
	p.pos = start
	return "", p.errorf("the value of dimension %s has no closing double quote", dim)
}

// grouping reads the arguments of grouping() or groupBy(...).
func (p *mqlParser) grouping(q *mqlQuery, name string) error {
	if err := p.expect("(", "after "+name); err != nil {
		return err
	}
	if name == "grouping" {
		q.grouping = true
		return p.expect(")", "(grouping takes no argument)")
	}
	for {
		d, err := p.ident("a dimension name in groupBy")
		if err != nil {
			return err
		}
		q.groupBy = append(q.groupBy, d)
		if p.accept(")") {
			return nil
		}
		if err := p.expect(",", "or \")\" after dimension "+d+" in groupBy"); err != nil {
			return err
		}
	}
}
