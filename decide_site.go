package interconnect

// This file: what Plan decides per peering location: its BGP /30s, its
// circuit's SKU, the spec field that names it, and the notes of maximum
// resiliency. The steps themselves are decide_azure.go's and decide_oci.go's.

import (
	"errors"
	"fmt"
	"net/netip"
	"slices"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/ipam"
)

// siteDecision is what Plan decides for one site the spec wants.
type siteDecision struct {
	*siteState
	primary, secondary ipam.Subnet
	circuitSKU         azure.CircuitSKU // the ExpressRoute circuit's SKU, as it will be
}

// locationField is the spec path that names a site's peering location.
func (d *decision) locationField(st site) string {
	if !d.spec.Maximum() {
		return "azure.peeringLocation"
	}
	return fmt.Sprintf("azure.peeringLocations[%d]", st.index)
}

// blocksField is the spec path of a site's explicit BGP blocks.
func blocksField(st site) string {
	if st.index == 0 {
		return "peering"
	}
	return "peering.secondLocation"
}

// explicitBlocks are the spec's explicit BGP blocks of a site.
func (d *decision) explicitBlocks(st site) BGPBlocks {
	if st.index == 0 {
		return BGPBlocks{d.spec.Peering.Primary, d.spec.Peering.Secondary}
	}
	return d.spec.Peering.SecondLocation
}

// atLocation is " at <location>" with maximum resiliency, "" otherwise:
// a standard plan's notes read as they always did.
func (d *decision) atLocation(st site) string {
	if !d.spec.Maximum() {
		return ""
	}
	return " at " + st.location
}

// allBlocks picks the BGP /30s of every site: the first location's first,
// as a standard interconnect does (avoiding also the second location's
// explicit blocks), then the second's, outside the first's.
func (d *decision) allBlocks(o *observed, v *ValidationError) {
	avoid := slices.Concat(d.vnetCIDRs, d.vcnCIDRs)
	if len(d.sites) > 1 {
		if b := d.explicitBlocks(d.sites[1].site); !b.IsZero() {
			avoid = append(avoid, b.Primary, b.Secondary)
		}
	}
	for i, sd := range d.sites {
		if i > 0 {
			prev := d.sites[i-1]
			if !prev.primary.IsValid() {
				return // the first location's problem is reported
			}
			avoid = append(avoid, prev.primary.Prefix, prev.secondary.Prefix)
		}
		d.peeringBlocks(sd, o, v, avoid)
	}
}

// peeringBlocks picks a site's two BGP /30s: those of its existing virtual
// circuit, else those of its existing private peering, else the spec's
// explicit pair, else the lowest free pair of the pool outside avoid.
func (d *decision) peeringBlocks(sd *siteDecision, o *observed, v *ValidationError, avoid []netip.Prefix) {
	s := d.spec
	field := blocksField(sd.site)
	want := d.explicitBlocks(sd.site)
	explicit := want.Primary.IsValid()
	var from string
	var primary, secondary netip.Prefix
	switch {
	case sd.vc != nil && len(sd.vc.CrossConnectMappings) == 2:
		primary = sd.vc.CrossConnectMappings[0].OracleBGPPeeringIP.Masked()
		secondary = sd.vc.CrossConnectMappings[1].OracleBGPPeeringIP.Masked()
		from = "virtual circuit " + sd.vc.ID
	case sd.peering != nil && sd.peering.PrimaryPrefix.IsValid():
		primary, secondary = sd.peering.PrimaryPrefix, sd.peering.SecondaryPrefix
		from = "the private peering of circuit " + sd.circuitName
	}
	if from != "" {
		// The first location checks its blocks against nothing more, as a
		// standard interconnect does; the second against the first's.
		var taken []netip.Prefix
		if sd.index > 0 {
			taken = avoid[len(avoid)-2:]
		}
		p, sec, err := ipam.ValidatePair(primary, secondary, taken)
		if err != nil {
			v.Add(field, "", fmt.Sprintf("the BGP blocks %s and %s that %s uses are not usable: %s", primary, secondary, from, ipamProblem(err)))
			return
		}
		if explicit && (want.Primary != primary || want.Secondary != secondary) {
			v.AddRecreate(field+".primary", want.Primary.String(), fmt.Sprintf("%s already uses %s and %s; changing the BGP blocks needs a new virtual circuit: run destroy first, or set the spec to those blocks", from, primary, secondary))
			return
		}
		sd.primary, sd.secondary = p, sec
		return
	}
	if explicit {
		if !explicitBlocksFit(o.networks(s), field, want, s.Peering.Pool, v) {
			return
		}
		p, sec, err := ipam.ValidatePair(want.Primary, want.Secondary, avoid)
		if err != nil { // what explicitBlocksFit and Validate do not check
			v.Add(field+".primary", want.Primary.String(), fmt.Sprintf("the explicit BGP blocks do not fit the networks: %s", ipamProblem(err)))
			return
		}
		sd.primary, sd.secondary = p, sec
		return
	}
	// The pool may overlap the networks: the /30s come from its free part.
	p, sec, err := ipam.AllocatePair(s.Peering.Pool, avoid)
	var ex *ipam.ExhaustedError
	switch {
	case errors.As(err, &ex):
		var avoided []string
		for _, n := range o.networks(s) {
			avoided = append(avoided, fmt.Sprintf("%s %v", n.label, n.prefixes))
		}
		need := "the two BGP /30s need 2"
		if sd.index > 0 {
			avoided = append(avoided, fmt.Sprintf("the first location's /30s %s and %s", d.sites[0].primary.Prefix, d.sites[0].secondary.Prefix))
			need = "the second location's two BGP /30s need 2"
		}
		v.Add("peering.pool", s.Peering.Pool.String(), fmt.Sprintf("has %d free /30 left after avoiding %s; %s: choose a larger pool, or one that overlaps these networks less",
			ex.Free, andList(avoided), need))
		return
	case err != nil:
		v.Add("peering.pool", s.Peering.Pool.String(), ipamProblem(err))
		return
	}
	sd.primary, sd.secondary = p, sec
}

// circuitSKUOf is the SKU a site's circuit will have: the spec's, an unset
// tier or family keeping what the circuit has; for a second circuit still to
// be made, what the first has.
func (d *decision) circuitSKUOf(sd *siteDecision) azure.CircuitSKU {
	s := d.spec
	sku := azure.CircuitSKU{Tier: s.Azure.CircuitSKU.Tier, Family: s.Azure.CircuitSKU.Family}
	like := sd.circuit
	if like == nil && sd.index > 0 {
		like = d.sites[0].circuit
	}
	if like != nil {
		if !d.set.circuitTier {
			sku.Tier = like.SKU.Tier
		}
		if !d.set.circuitFamily {
			sku.Family = like.SKU.Family
		}
	}
	return sku
}

// resiliencyNotes say what maximum resiliency costs and what Oracle says of
// it, and what a plan that removes the second location removes.
func (d *decision) resiliencyNotes(o *observed) []string {
	var notes []string
	if len(d.sites) > 1 {
		notes = append(notes,
			fmt.Sprintf("Maximum resiliency: an ExpressRoute circuit and a FastConnect virtual circuit at each of %s and %s, on one gateway and one DRG. The second location doubles the circuit charges: two ExpressRoute circuits billed by Azure, two FastConnect ports by Oracle.",
				d.sites[0].location, d.sites[1].location),
			"Oracle considers one circuit redundant already: each has two paths (primary, secondary) on separate devices. The second location guards against the loss of a whole peering location, which Microsoft calls maximum resiliency.")
	}
	if st := o.second(); st != nil && !st.wanted {
		notes = append(notes, fmt.Sprintf("Removes the second peering location (%s), which resiliency standard does not use: its connection, virtual circuit, private peering and circuit, in the teardown order; the first location is left as it is.", orUnknown(st.location)))
	}
	return notes
}
