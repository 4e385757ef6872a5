package interconnect

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// FieldError is one problem with one field of a [Spec].
//
// Field is the field's path in the YAML/JSON form of the spec, for example
// "azure.gateway.subnetPrefix", "oci.routeTableIds[1]" or "tags.env". Value is
// the offending value as the user wrote it, or "" when there is none to show
// (a missing field, an unknown key) or when the field is a secret: the value of
// peering.md5AuthKey is never put in a FieldError. Problem says what is wrong
// and how to fix it. Line is the 1-based line of the value in the spec text
// when the problem was found while parsing it, and 0 otherwise.
//
// Recreate is true when the problem is a cloud refusing to change what
// exists in the way the spec asks (a circuit's bandwidth lowered, its peering
// location moved, the BGP blocks changed, ...): destroying the interconnect
// and applying the spec again resolves it. Tools that manage the
// interconnect's life cycle, such as an OpenTofu provider, plan a
// replacement for such a change.
type FieldError struct {
	Field    string
	Value    string
	Problem  string
	Line     int
	Recreate bool
}

// Error returns the problem in the form "field: value problem", for example
//
//	azure.gateway.subnetPrefix: 10.1.0.0/28 is smaller than the /27 an ExpressRoute gateway subnet needs; use a /27 or larger
//
// preceded by "line N: " when Line is set. The value is quoted when it is
// empty-looking or contains spaces or special characters, and shortened when
// it is very long, so that every FieldError prints on one line.
func (e *FieldError) Error() string {
	var b strings.Builder
	if e.Line > 0 {
		b.WriteString("line ")
		b.WriteString(strconv.Itoa(e.Line))
		b.WriteString(": ")
	}
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	if e.Value != "" {
		b.WriteString(displayValue(e.Value))
		b.WriteByte(' ')
	}
	b.WriteString(e.Problem)
	return b.String()
}

// maxShownValue is how many characters of a value an error message shows.
const maxShownValue = 80

// displayValue formats a user-written value for an error message: as written
// when it is a plain token such as 10.1.0.0/28 or eastus, quoted otherwise.
func displayValue(v string) string {
	if utf8.RuneCountInString(v) > maxShownValue {
		r := []rune(v)
		v = string(r[:maxShownValue]) + "…"
	}
	plain := v != ""
	for _, r := range v {
		if unicode.IsSpace(r) || !unicode.IsPrint(r) || strings.ContainsRune(`"'#,:;[]{}`, r) {
			plain = false
			break
		}
	}
	if plain {
		return v
	}
	return strconv.Quote(v)
}

// ValidationError holds every problem [Spec.Validate] found. Its Problems are
// sorted by Field once it is returned by Validate or [ValidationError.Err].
//
// The zero ValidationError is empty and ready to use: code that runs further
// checks (for example against what the clouds report) can collect its own
// problems with [ValidationError.Add] and return [ValidationError.Err].
type ValidationError struct {
	Problems []*FieldError
}

// Add records a problem with field. value is the offending value as the user
// wrote it ("" if there is none or it is a secret); problem says what is wrong
// and what to do.
func (v *ValidationError) Add(field, value, problem string) {
	v.Problems = append(v.Problems, &FieldError{Field: field, Value: value, Problem: problem})
}

// AddRecreate records a problem with field that only destroying the
// interconnect and applying the spec again resolves: its FieldError has
// Recreate set. The arguments are as for Add.
func (v *ValidationError) AddRecreate(field, value, problem string) {
	v.Problems = append(v.Problems, &FieldError{Field: field, Value: value, Problem: problem, Recreate: true})
}

// Merge adds every problem of other to v. other may be nil.
func (v *ValidationError) Merge(other *ValidationError) {
	if other != nil {
		v.Problems = append(v.Problems, other.Problems...)
	}
}

// Err returns nil if v holds no problems, and otherwise v itself with its
// Problems sorted by field. The nil check matters: a nil *ValidationError in
// an error interface is not a nil error.
func (v *ValidationError) Err() error {
	if v == nil || len(v.Problems) == 0 {
		return nil
	}
	sortProblems(v.Problems)
	return v
}

// Error returns one problem per line, sorted by field.
func (v *ValidationError) Error() string {
	return joinProblems(v.Problems, sortProblems)
}

// Unwrap returns the problems as errors, so that errors.As can find a
// *FieldError.
func (v *ValidationError) Unwrap() []error {
	return problemErrors(v.Problems)
}

// ParseError holds every problem [ParseSpec] found while decoding a spec:
// syntax errors, unknown and duplicate keys, values of the wrong type, and the
// size, document-count and alias limits. Problems found while decoding carry
// the line they are on; they are sorted by line.
type ParseError struct {
	Problems []*FieldError
}

// Error returns one problem per line.
func (p *ParseError) Error() string {
	return joinProblems(p.Problems, sortByLine)
}

// Unwrap returns the problems as errors, so that errors.As can find a
// *FieldError.
func (p *ParseError) Unwrap() []error {
	return problemErrors(p.Problems)
}

func sortProblems(ps []*FieldError) {
	slices.SortStableFunc(ps, func(a, b *FieldError) int {
		return cmp.Or(
			cmp.Compare(a.Field, b.Field),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Problem, b.Problem),
		)
	})
}

// sortByLine sorts problems found while parsing into reading order.
func sortByLine(ps []*FieldError) {
	slices.SortStableFunc(ps, func(a, b *FieldError) int {
		return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Field, b.Field))
	})
}

func joinProblems(ps []*FieldError, sortFn func([]*FieldError)) string {
	sorted := slices.Clone(ps)
	sortFn(sorted)
	lines := make([]string, len(sorted))
	for i, p := range sorted {
		lines[i] = p.Error()
	}
	return strings.Join(lines, "\n")
}

func problemErrors(ps []*FieldError) []error {
	errs := make([]error, len(ps))
	for i, p := range ps {
		errs[i] = p
	}
	return errs
}
