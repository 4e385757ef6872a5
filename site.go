package interconnect

// This file: the peering locations of an interconnect ("sites"), each with
// what the library makes there: an ExpressRoute circuit with its private
// peering, the gateway's connection to it, and a FastConnect virtual circuit
// on the DRG. A standard interconnect has one site; maximum resiliency two.
// The first keeps the names and step IDs of a standard interconnect, so that
// going from standard to maximum only adds the second's.

import (
	"fmt"
	"strings"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/oci"
)

// site is one peering location of the interconnect.
type site struct {
	// index is 0 for the first location, 1 for the second.
	index int
	// location is the peering location: the spec's, or, for a second
	// location a standard spec no longer wants, what its circuit or virtual
	// circuit says ("" when neither does).
	location string
	// circuitName and connectionName are the Azure names of the site's
	// circuit and connection, vcName the display name of its virtual circuit
	// (shared by both sites: see locationTagKey).
	circuitName, connectionName, vcName string
}

// Step IDs of the second location: the first location's, with the cloud's
// prefix followed by "peering-locations[1]/" (azure/circuit becomes
// azure/peering-locations[1]/circuit), in the style of the estate's
// azure/spokes[i]/... and oci/vcns[i]/...; its resources are named
// "<name>-er-2" and "<name>-conn-2".
const secondSiteSuffix = "-2"

// sitesFor lists the sites of spec s (with its defaults): one per location.
func sitesFor(s Spec) []site {
	locs := s.Locations()
	if len(locs) == 0 {
		locs = []string{s.Azure.PeeringLocation} // unknown pair: Validate refuses it
	}
	out := make([]site, len(locs))
	for i, l := range locs {
		out[i] = siteOf(s, i, l)
	}
	return out
}

// siteOf is site i of s, at location.
func siteOf(s Spec, i int, location string) site {
	n := namesFor(s)
	st := site{index: i, location: location, circuitName: n.circuit, connectionName: n.connection, vcName: n.virtualCircuit}
	if i > 0 {
		st.circuitName += secondSiteSuffix
		st.connectionName += secondSiteSuffix
	}
	return st
}

// stepID is the ID of this site's step of the given base ID
// ("azure/circuit"): the base itself for the first location.
func (st site) stepID(base string) string {
	if st.index == 0 {
		return base
	}
	cloud, rest, _ := strings.Cut(base, "/")
	return fmt.Sprintf("%s/peering-locations[%d]/%s", cloud, st.index, rest)
}

// siteOfStep is the site (index only) a step ID belongs to.
func siteOfStep(id string) site {
	if _, rest, _ := strings.Cut(id, "/"); strings.HasPrefix(rest, "peering-locations[1]/") {
		return site{index: 1}
	}
	return site{}
}

// deprovisionedStep reports whether id is a teardown's wait for a circuit to
// be deprovisioned, of either location.
func deprovisionedStep(id string) bool {
	return id == StepCircuitDeprovisioned || id == (site{index: 1}).stepID(StepCircuitDeprovisioned)
}

// serviceKeyRef refers to the service key of the site's circuit, which its
// circuit step supplies at apply time.
func (st site) serviceKeyRef() string { return st.stepID(StepCircuit) + "#serviceKey" }

// ordinal is "first" or "second", for messages.
func (st site) ordinal() string {
	if st.index == 0 {
		return "first"
	}
	return "second"
}

// siteState is what the clouds hold for one site. A nil pointer means the
// resource does not exist.
type siteState struct {
	site
	// wanted is false for a second location that the spec (standard) no
	// longer wants: Plan removes it.
	wanted     bool
	circuit    *azure.Circuit
	peering    *azure.PrivatePeering
	connection *azure.Connection
	vc         *oci.VirtualCircuit
	// carries is what Verify found: the site carries the routes both
	// ways. A path of its circuit learned every VCN's CIDRs (OCI to Azure),
	// its virtual circuit has BGP up, and its connection passes (the gateway
	// exchanges routes over it, Azure to OCI; a failover test disconnects
	// it).
	carries bool
}

// exists reports whether anything of the site exists.
func (st *siteState) exists() bool {
	return st.circuit != nil || st.connection != nil || st.vc != nil || st.peering != nil
}

// learnLocation fills in the location of a site that the spec does not
// name, from its circuit or its virtual circuit's tag.
func (st *siteState) learnLocation() {
	switch {
	case st.location != "":
	case st.circuit != nil:
		st.location = st.circuit.PeeringLocation
	case st.vc != nil:
		st.location = st.vc.FreeformTags[locationTagKey]
	}
}

// siteOfVC is the index of the site a virtual circuit of ours belongs to:
// 1 when it carries the location tag, else 0.
func siteOfVC(vc oci.VirtualCircuit) int {
	if _, ok := vc.FreeformTags[locationTagKey]; ok {
		return 1
	}
	return 0
}

// circuitIDOf is the ARM ID of a site's circuit (known before it exists).
func (d *decision) circuitIDOf(st site) string {
	return d.azureID("expressRouteCircuits", st.circuitName)
}
