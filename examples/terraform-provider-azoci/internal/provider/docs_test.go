package provider

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	pschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The docs' schema sections (docs/, in tfplugindocs' layout) are rendered
// from the schemas: TestDocsSchemas fails when they differ, and
// go test -run TestDocsSchemas -update rewrites them.
var update = flag.Bool("update", false, "rewrite the schema sections of docs/")

// schemaAttr is what the renderer needs of an attribute of any schema.
type schemaAttr interface {
	GetDescription() string
	IsRequired() bool
	IsOptional() bool
	IsComputed() bool
	IsSensitive() bool
	GetType() attr.Type
}

// nested returns an attribute's nested attributes, and whether it is a
// list of objects.
func nested(a schemaAttr) (map[string]schemaAttr, bool) {
	conv := convAny
	switch a := a.(type) {
	case rschema.SingleNestedAttribute:
		return conv(a.Attributes), false
	case rschema.ListNestedAttribute:
		return conv(a.NestedObject.Attributes), true
	case dschema.SingleNestedAttribute:
		return conv(a.Attributes), false
	case dschema.ListNestedAttribute:
		return conv(a.NestedObject.Attributes), true
	case pschema.SingleNestedAttribute:
		return conv(a.Attributes), false
	}
	return nil, false
}

func typeName(a schemaAttr) string {
	if kids, list := nested(a); kids != nil {
		if list {
			return "Attributes List"
		}
		return "Attributes"
	}
	switch t := a.GetType().(type) {
	case types.ListType:
		return "List of " + typeName2(t.ElemType)
	case types.MapType:
		return "Map of " + typeName2(t.ElemType)
	}
	return typeName2(a.GetType())
}

func typeName2(t attr.Type) string {
	switch t {
	case types.StringType:
		return "String"
	case types.Int64Type, types.Float64Type:
		return "Number"
	case types.BoolType:
		return "Boolean"
	}
	return t.String()
}

// renderSchema renders attributes as tfplugindocs does: Required,
// Optional, Read-Only, then a section per nested object.
func renderSchema(b *strings.Builder, attrs map[string]schemaAttr, prefix string, blocks []string) {
	var later []string
	groups := []struct {
		title string
		in    func(schemaAttr) bool
	}{
		{"Required", func(a schemaAttr) bool { return a.IsRequired() }},
		{"Optional", func(a schemaAttr) bool { return a.IsOptional() }},
		{"Read-Only", func(a schemaAttr) bool { return a.IsComputed() && !a.IsOptional() }},
	}
	names := slices.Sorted(func(yield func(string) bool) {
		for k := range attrs {
			if !yield(k) {
				return
			}
		}
	})
	level := "###"
	if prefix != "" {
		level = ""
	}
	for _, g := range groups {
		var lines []string
		for _, n := range names {
			a := attrs[n]
			if !g.in(a) {
				continue
			}
			line := fmt.Sprintf("- `%s` (%s", n, typeName(a))
			if a.IsSensitive() {
				line += ", Sensitive"
			}
			line += ") " + a.GetDescription()
			if kids, _ := nested(a); kids != nil {
				anchor := "nestedatt--" + strings.ReplaceAll(prefix+n, ".", "--")
				line += fmt.Sprintf(" (see [below for nested schema](#%s))", anchor)
				later = append(later, n)
			}
			lines = append(lines, line)
		}
		if g.title == "Optional" && prefix == "" {
			for _, bl := range blocks {
				lines = append(lines, bl)
			}
			slices.Sort(lines)
		}
		if len(lines) == 0 {
			continue
		}
		if level != "" {
			fmt.Fprintf(b, "%s %s\n\n", level, g.title)
		} else {
			fmt.Fprintf(b, "%s:\n\n", g.title)
		}
		b.WriteString(strings.Join(lines, "\n") + "\n\n")
	}
	for _, n := range later {
		kids, _ := nested(attrs[n])
		anchor := "nestedatt--" + strings.ReplaceAll(prefix+n, ".", "--")
		fmt.Fprintf(b, "<a id=%q></a>\n### Nested Schema for `%s`\n\n", anchor, prefix+n)
		renderSchema(b, kids, prefix+n+".", nil)
	}
}

const (
	schemaStart = "<!-- schema: rendered by TestDocsSchemas; go test ./internal/provider -run TestDocsSchemas -update -->\n"
	schemaEnd   = "<!-- end of schema -->\n"
)

func TestDocsSchemas(t *testing.T) {
	ctx := context.Background()
	var ps provider.SchemaResponse
	New("test")().Schema(ctx, provider.SchemaRequest{}, &ps)
	var rs resource.SchemaResponse
	newInterconnectResource().Schema(ctx, resource.SchemaRequest{}, &rs)
	var ds datasource.SchemaResponse
	newHealthDataSource().Schema(ctx, datasource.SchemaRequest{}, &ds)

	conv := convAny
	timeouts := "- `timeouts` (Block, Optional) create, update and delete, as durations such as \"90m\"; each 90m by default (see [below for nested schema](#nestedblock--timeouts))"
	for _, doc := range []struct {
		file   string
		attrs  map[string]schemaAttr
		blocks []string
		extra  string
	}{
		{"index.md", conv(ps.Schema.Attributes), nil, ""},
		{"resources/interconnect.md", conv(rs.Schema.Attributes), []string{timeouts},
			"<a id=\"nestedblock--timeouts\"></a>\n### Nested Schema for `timeouts`\n\nOptional:\n\n- `create` (String)\n- `delete` (String)\n- `update` (String)\n\n"},
		{"data-sources/interconnect_health.md", conv(ds.Schema.Attributes), nil, ""},
	} {
		var b strings.Builder
		renderSchema(&b, doc.attrs, "", doc.blocks)
		b.WriteString(doc.extra)
		want := strings.TrimRight(b.String(), "\n") + "\n"
		file := filepath.Join("..", "..", "docs", doc.file)
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		text := string(data)
		i, j := strings.Index(text, schemaStart), strings.Index(text, schemaEnd)
		if i < 0 || j < i {
			t.Fatalf("%s lacks the schema markers", file)
		}
		got := text[i+len(schemaStart) : j]
		if got == want {
			continue
		}
		if *update {
			if err := os.WriteFile(file, []byte(text[:i+len(schemaStart)]+want+text[j:]), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		t.Errorf("%s: the schema section differs from the schema; run go test ./internal/provider -run TestDocsSchemas -update", file)
	}
}

func convAny(m any) map[string]schemaAttr {
	out := map[string]schemaAttr{}
	switch m := m.(type) {
	case map[string]rschema.Attribute:
		for k, v := range m {
			out[k] = v
		}
	case map[string]dschema.Attribute:
		for k, v := range m {
			out[k] = v
		}
	case map[string]pschema.Attribute:
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}
