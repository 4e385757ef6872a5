package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/attr"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// This file: the schemas of the spec's attributes, built from specFields,
// so that the resource and the data source have the same types (a
// configuration can hand azoci_interconnect.x.azure to the data source).

// description is f's doc, with what a change does when it replaces.
func (f field) description() string {
	if f.replace != "" {
		return f.doc + " Changing it replaces the interconnect: " + f.replace + "."
	}
	return f.doc
}

// resourceAttributes are the resource schema's attributes for fs.
func resourceAttributes(fs []field) map[string]rschema.Attribute {
	out := make(map[string]rschema.Attribute, len(fs))
	for _, f := range fs {
		req, opt, desc := f.required, !f.required, f.description()
		switch f.kind {
		case kString:
			out[f.name] = rschema.StringAttribute{Required: req, Optional: opt, Sensitive: f.sensitive, Description: desc}
		case kInt:
			out[f.name] = rschema.Int64Attribute{Required: req, Optional: opt, Sensitive: f.sensitive, Description: desc}
		case kBool:
			out[f.name] = rschema.BoolAttribute{Required: req, Optional: opt, Sensitive: f.sensitive, Description: desc}
		case kStrings:
			out[f.name] = rschema.ListAttribute{ElementType: types.StringType, Required: req, Optional: opt, Sensitive: f.sensitive, Description: desc}
		case kStringMap:
			out[f.name] = rschema.MapAttribute{ElementType: types.StringType, Required: req, Optional: opt, Sensitive: f.sensitive, Description: desc}
		case kObject:
			out[f.name] = rschema.SingleNestedAttribute{Attributes: resourceAttributes(f.children), Required: req, Optional: opt, Description: desc}
		case kObjectList:
			out[f.name] = rschema.ListNestedAttribute{NestedObject: rschema.NestedAttributeObject{Attributes: resourceAttributes(f.children)},
				Required: req, Optional: opt, Description: desc}
		}
	}
	return out
}

// dataSourceAttributes are the data source schema's attributes for fs: the
// same names, types and requirements as the resource's.
func dataSourceAttributes(fs []field) map[string]dschema.Attribute {
	out := make(map[string]dschema.Attribute, len(fs))
	for _, f := range fs {
		req, opt, desc := f.required, !f.required, f.doc
		switch f.kind {
		case kString:
			out[f.name] = dschema.StringAttribute{Required: req, Optional: opt, Sensitive: f.sensitive, Description: desc}
		case kInt:
			out[f.name] = dschema.Int64Attribute{Required: req, Optional: opt, Sensitive: f.sensitive, Description: desc}
		case kBool:
			out[f.name] = dschema.BoolAttribute{Required: req, Optional: opt, Sensitive: f.sensitive, Description: desc}
		case kStrings:
			out[f.name] = dschema.ListAttribute{ElementType: types.StringType, Required: req, Optional: opt, Sensitive: f.sensitive, Description: desc}
		case kStringMap:
			out[f.name] = dschema.MapAttribute{ElementType: types.StringType, Required: req, Optional: opt, Sensitive: f.sensitive, Description: desc}
		case kObject:
			out[f.name] = dschema.SingleNestedAttribute{Attributes: dataSourceAttributes(f.children), Required: req, Optional: opt, Description: desc}
		case kObjectList:
			out[f.name] = dschema.ListNestedAttribute{NestedObject: dschema.NestedAttributeObject{Attributes: dataSourceAttributes(f.children)},
				Required: req, Optional: opt, Description: desc}
		}
	}
	return out
}

// attrType is the value type of f.
func (f field) attrType() attr.Type {
	switch f.kind {
	case kInt:
		return types.Int64Type
	case kBool:
		return types.BoolType
	case kStrings:
		return types.ListType{ElemType: types.StringType}
	case kStringMap:
		return types.MapType{ElemType: types.StringType}
	case kObject:
		return types.ObjectType{AttrTypes: attrTypes(f.children)}
	case kObjectList:
		return types.ListType{ElemType: types.ObjectType{AttrTypes: attrTypes(f.children)}}
	}
	return types.StringType
}

// attrTypes are the attribute types of an object of fields fs.
func attrTypes(fs []field) map[string]attr.Type {
	m := make(map[string]attr.Type, len(fs))
	for _, f := range fs {
		m[f.name] = f.attrType()
	}
	return m
}
