package interconnect

// This file: the offline checks of the spec's oci section and its OCIDs.

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

func (v *validator) oci() {
	o := v.s.OCI
	if v.required("oci.compartmentId", o.CompartmentID, "the OCID of the compartment to create OCI resources in (ocid1.compartment.… or, for the root compartment, the tenancy's ocid1.tenancy.…)") {
		v.ocid("oci.compartmentId", o.CompartmentID, "compartment", "tenancy")
	}
	if v.required("oci.vcnId", o.VCNID, "the OCID of the existing VCN to connect (ocid1.vcn.…)") {
		v.ocid("oci.vcnId", o.VCNID, "vcn")
	}
	if o.DRGID != "" {
		v.ocid("oci.drgId", o.DRGID, "drg")
	}
	v.routeTables("oci.routeTableIds", o.RouteTableIDs)
}

// routeTables checks a list of route table OCIDs: each well formed, listed
// once, and not already listed for another VCN of the estate.
func (v *validator) routeTables(field string, ids []string) {
	first := map[string]int{}
	for i, id := range ids {
		f := fmt.Sprintf("%s[%d]", field, i)
		if j, dup := first[id]; dup {
			v.add(f, id, fmt.Sprintf("repeats %s[%d]; list each route table once", field, j))
			continue
		}
		first[id] = i
		if strings.TrimSpace(id) == "" {
			v.add(f, "", "is empty; give the OCID of a route table of the VCN (ocid1.routetable.…), or remove the entry")
			continue
		}
		if other, ok := v.tables[id]; ok {
			v.add(f, id, "is listed for another VCN too, at "+other+"; a route table belongs to one VCN")
			continue
		}
		if v.tables == nil {
			v.tables = map[string]string{}
		}
		v.tables[id] = f
		v.ocid(f, id, "routetable")
	}
}

// ocidNoun names a resource type in messages.
var ocidNoun = map[string]string{
	"compartment": "a compartment",
	"tenancy":     "a tenancy",
	"vcn":         "a VCN",
	"drg":         "a DRG",
	"routetable":  "a route table",
}

// regionalOCIDs are the OCID types whose region segment must match
// oci.region; compartments and tenancies are not regional.
var regionalOCIDs = map[string]bool{"vcn": true, "drg": true, "routetable": true}

// ocid checks that id is an OCID of one of the kinds, with the syntax
// ocid1.<type>.<realm>.[region][.future].<unique ID>, and for regional kinds
// that its region segment is oci.region (its identifier or its key).
func (v *validator) ocid(field, id string, kinds ...string) {
	want := ocidNoun[kinds[0]]
	example := "ocid1." + kinds[0] + ".oc1.…"
	if !strings.HasPrefix(id, "ocid1.") {
		v.add(field, id, fmt.Sprintf("is not an OCID; give the OCID of %s (%s), as the OCI console or CLI shows it", want, example))
		return
	}
	parts := strings.Split(id, ".")
	if len(parts) < 5 || len(parts) > 6 || !ocidRealmRE.MatchString(parts[2]) ||
		(parts[3] != "" && !ocidRegionRE.MatchString(parts[3])) || !ocidUniqueRE.MatchString(parts[len(parts)-1]) {
		v.add(field, id, fmt.Sprintf("is not a well-formed OCID (ocid1.<type>.<realm>.[region][.future use].<unique ID>); copy the OCID of %s from the OCI console or CLI", want))
		return
	}
	if kind := parts[1]; !slices.Contains(kinds, kind) {
		noun := ocidNoun[kind]
		if noun == "" {
			noun = "a " + kind
		}
		v.add(field, id, fmt.Sprintf("is the OCID of %s, not of %s; give the OCID of %s (%s)", noun, want, want, example))
		return
	}
	if !regionalOCIDs[parts[1]] {
		return
	}
	pair, ok := v.ociPair()
	if !ok {
		return // the region problem is reported on azure.region or oci.region
	}
	region := parts[3]
	if region == "" {
		v.add(field, id, fmt.Sprintf("has no region segment, but %s is a regional resource; copy its full OCID", want))
		return
	}
	if r := strings.ToLower(region); r != pair.OCIRegion && r != pair.OCIRegionKey {
		v.add(field, id, fmt.Sprintf("is in region %s, but the OCI side of this interconnect is in %s (key %s); use %s in %s", region, pair.OCIRegion, pair.OCIRegionKey, want, pair.OCIRegion))
	}
}

// ociPair returns the region pair that fixes the OCI region of the
// interconnect: the Azure region's pair, or else the pair of oci.region.
func (v *validator) ociPair() (RegionPair, bool) {
	if p, ok := v.c.ByAzureRegion(v.d.Azure.Region); ok {
		return p, true
	}
	return v.c.ByOCIRegion(v.d.OCI.Region)
}

var (
	ocidRealmRE  = regexp.MustCompile(`^oc[0-9]+$`)
	ocidRegionRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	ocidUniqueRE = regexp.MustCompile(`^[a-z0-9]+$`)
)
