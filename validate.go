package interconnect

// This file: Validate, the offline checks of a spec, section by section
// (validate_azure.go, validate_oci.go, validate_peering.go), and the checks
// of its name, bandwidth and tags.

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits that Validate enforces.
const (
	maxNameLength = 40
	maxMD5KeyLen  = 32
	minVLAN       = 1
	maxVLAN       = 4094
	// maxUserTags is how many tags a spec may set: OCI allows 10 free-form
	// tags per resource (Azure 50) and the library adds OwnershipTagKey.
	maxUserTags = 9
	// maxTagKeyLength is OCI's free-form tag key limit (Azure allows 512).
	maxTagKeyLength = 100
	// maxTagValueLength is the tag value limit of both clouds.
	maxTagValueLength = 256
	// minPoolBits and maxPoolBits bound the length of peering.pool: any
	// prefix from a /8 (10.0.0.0/8) to a /29.
	minPoolBits = 8
	maxPoolBits = 29
	// maxGatewaySubnetBits is the smallest GatewaySubnet an ExpressRoute
	// gateway accepts: a /27.
	maxGatewaySubnetBits = 27
)

// Validate checks s offline, as it will be used: with the defaults of
// [Spec.WithDefaults] applied and against [DefaultCatalog]. It is
// s.ValidateWith(nil).
func (s Spec) Validate() error {
	return s.ValidateWith(nil)
}

// ValidateWith checks s offline against the region pairs of c (nil means
// [DefaultCatalog]) and returns nil or a *[ValidationError] holding every
// problem, each naming its field path (such as "azure.gateway.subnetPrefix"),
// the value as the user wrote it, and what to do about it.
//
// s is checked as it will be used, that is after [Spec.WithDefaults], but a
// missing required field is reported by its own key path, and values are
// shown as the user wrote them. The value of peering.md5AuthKey never appears
// in an error. Checks that need the clouds (that the VNet and VCN exist, that
// the BGP blocks miss their address spaces, what the provider offers) are not
// made here.
func (s Spec) ValidateWith(c *Catalog) error {
	if c == nil {
		c = DefaultCatalog()
	}
	v := &validator{s: s, d: s.WithDefaults(c), c: c, errs: &ValidationError{}}
	v.name()
	v.bandwidth()
	v.azure()
	v.oci()
	v.spokes()
	v.vcns()
	v.peering()
	v.resiliency()
	v.tags()
	return v.errs.Err()
}

type validator struct {
	s    Spec // as written
	d    Spec // with defaults
	c    *Catalog
	errs *ValidationError
	// tables maps each route table OCID listed so far to its field.
	tables map[string]string
	// poolOK: peering.pool is unset or well formed (peering sets it).
	poolOK bool
}

func (v *validator) add(field, value, problem string) { v.errs.Add(field, value, problem) }

func (v *validator) required(field, value, what string) bool {
	if strings.TrimSpace(value) == "" {
		v.add(field, "", "is missing; set it to "+what)
		return false
	}
	return true
}

var nameRE = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?$`)

func (v *validator) name() {
	n := v.s.Name
	if !v.required("name", n, "a short lowercase name for the interconnect, such as ora-link; the library names what it creates after it") {
		return
	}
	switch l := utf8.RuneCountInString(n); {
	case l > maxNameLength:
		v.add("name", n, fmt.Sprintf("is %d characters long; use at most %d (lowercase letters, digits and hyphens)", l, maxNameLength))
	case !nameRE.MatchString(n):
		v.add("name", n, "may hold only lowercase letters, digits and hyphens, and must start and end with a letter or digit; for example ora-link")
	}
}

func (v *validator) bandwidth() {
	b := v.s.Bandwidth
	switch {
	case b == 0:
		v.add("bandwidth", "", "is missing; set it to "+supportedList())
	case !b.IsSupported():
		v.add("bandwidth", b.String(), fmt.Sprintf("is not offered for Azure–OCI interconnects (FastConnect to Azure comes in 1, 2, 5 and 10 Gbps); use %s", supportedList()))
	}
}

// forbiddenTagKeyChars are the characters Azure does not allow in tag names.
const forbiddenTagKeyChars = `<>%&\?/`

func (v *validator) tags() {
	tags := v.s.Tags
	switch n := len(tags); {
	case n > maxUserTags:
		v.add("tags", "", fmt.Sprintf("has %d entries; OCI allows 10 free-form tags per resource and the library adds its own %s tag, so set at most %d", n, OwnershipTagKey, maxUserTags))
	case n > maxUserTags-1 && v.d.Maximum():
		v.add("tags", "", fmt.Sprintf("has %d entries; OCI allows 10 free-form tags per resource, and with resiliency maximum the second virtual circuit carries two of the library's (%s and %s), so set at most %d", n, OwnershipTagKey, locationTagKey, maxUserTags-1))
	}
	keys := make([]string, 0, len(tags))
	for k := range tags {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	folded := map[string]string{}
	for _, k := range keys {
		field := tagPath(k)
		if prev, dup := folded[strings.ToLower(k)]; dup {
			v.add(field, "", fmt.Sprintf("differs from %s only in case; Azure tag names ignore case, so keep one of them", tagPath(prev)))
		} else {
			folded[strings.ToLower(k)] = k
		}
		switch l := utf8.RuneCountInString(k); {
		case k == "":
			v.add(field, "", "has an empty key; give every tag a key")
		case strings.EqualFold(k, OwnershipTagKey):
			v.add(field, "", "is reserved: the library tags what it creates with "+OwnershipTagKey+" to mark ownership; choose another key")
		case l > maxTagKeyLength:
			v.add(field, "", fmt.Sprintf("is a %d-character key; OCI allows at most %d (Azure 512), so shorten it", l, maxTagKeyLength))
		case strings.ContainsAny(k, forbiddenTagKeyChars):
			v.add(field, "", fmt.Sprintf("has a key with %q in it; Azure does not allow any of < > %% & \\ ? / in tag names, so use - or _ instead", k[strings.IndexAny(k, forbiddenTagKeyChars)]))
		case strings.ContainsFunc(k, func(r rune) bool { return r == '.' || unicode.IsSpace(r) }):
			v.add(field, "", "has a key with a period or space in it; OCI does not allow either in free-form tag keys, so use - or _ instead")
		case strings.ContainsFunc(k, func(r rune) bool { return !unicode.IsPrint(r) }):
			v.add(field, "", "has a key with a control character in it; use printable characters only")
		}
		if l := utf8.RuneCountInString(tags[k]); l > maxTagValueLength {
			v.add(field, tags[k], fmt.Sprintf("is %d characters long; Azure and OCI allow at most %d in a tag value", l, maxTagValueLength))
		}
	}
}

func itoa(i int) string { return fmt.Sprint(i) }
