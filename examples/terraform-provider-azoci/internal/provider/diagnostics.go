package provider

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/azoci/interconnect"
)

// This file: the library's problems as diagnostics on attribute paths.

// addProblems adds err to diags: each problem of a *ValidationError or
// *ParseError on its attribute, anything else as one error. Problems on
// attributes whose values are not known yet (in or under unknown) are left
// out: they are checked again once the values are known. It returns how
// many problems it added.
func addProblems(diags *diag.Diagnostics, err error, unknown []path.Path, summary string) int {
	var problems []*interconnect.FieldError
	var ve *interconnect.ValidationError
	var pe *interconnect.ParseError
	switch {
	case errors.As(err, &ve):
		problems = ve.Problems
	case errors.As(err, &pe):
		problems = pe.Problems
	default:
		diags.AddError(summary, translateKeys(err.Error()))
		return 1
	}
	n := 0
	for _, fe := range problems {
		p, _ := attributePath(fe.Field)
		if isUnknown(p, unknown) {
			continue
		}
		detail := problemText(fe)
		if p.Equal(path.Empty()) {
			diags.AddError(summary, detail)
		} else {
			diags.AddAttributeError(p, summary, detail)
		}
		n++
	}
	return n
}

// isUnknown reports whether p, or an attribute it is in or holds, is not
// known yet.
func isUnknown(p path.Path, unknown []path.Path) bool {
	for _, u := range unknown {
		if under(p, u) || under(u, p) {
			return true
		}
	}
	return false
}

// problemText is a FieldError without its field (the diagnostic's path
// says it), its spec keys written as attribute names.
func problemText(fe *interconnect.FieldError) string {
	e := *fe
	if p, ok := attributePath(fe.Field); ok {
		e.Field = p.String()
	}
	return translateKeys(e.Error())
}

// specKeyRE matches a spec key path in a message: azure.gateway.subnetPrefix,
// fastPath, oci.vcns[1].vcnId.
var specKeyRE = regexp.MustCompile(`\b(?:azure|oci|peering|tags)(?:\.[A-Za-z0-9]+|\[[0-9]+\])+|\b[a-z][a-z0-9]*[A-Z][A-Za-z0-9]*\b`)

// translateKeys writes the spec keys a message names as the attribute
// names of this provider: azure.gateway.subnetPrefix becomes
// azure.gateway.subnet_prefix, fastPath fast_path.
func translateKeys(msg string) string {
	return specKeyRE.ReplaceAllStringFunc(msg, func(m string) string {
		if strings.ContainsAny(m, ".[") {
			if p, ok := attributePath(m); ok {
				return p.String()
			}
			return m
		}
		if name, ok := keyNames[m]; ok {
			return name
		}
		return m
	})
}

// keyNames maps every camelCase key of the spec to its attribute name.
var keyNames = func() map[string]string {
	m := map[string]string{}
	var walk func([]field)
	walk = func(fs []field) {
		for _, f := range fs {
			if f.key != f.name {
				m[f.key] = f.name
			}
			walk(f.children)
		}
	}
	walk(specFields)
	return m
}()

// oneOf is a validator of a string attribute that allows only values.
func oneOf(values ...string) validator.String { return oneOfValidator(values) }

type oneOfValidator []string

func (v oneOfValidator) Description(context.Context) string {
	return "one of " + strings.Join(v, ", ")
}

func (v oneOfValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v oneOfValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	for _, s := range v {
		if req.ConfigValue.ValueString() == s {
			return
		}
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid value", fmt.Sprintf("%q is not one of %s.", req.ConfigValue.ValueString(), strings.Join(v, ", ")))
}
