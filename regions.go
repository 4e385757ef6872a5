package interconnect

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
)

// RegionPair is an Azure region and the OCI region it is interconnected
// with, and the ExpressRoute peering locations that serve the pair.
//
// AzureRegion is in Azure's canonical form: lowercase, no spaces ("eastus").
// OCIRegion is the OCI region identifier ("us-ashburn-1") and OCIRegionKey its
// three-letter key in lowercase ("iad"), which older OCIDs carry as their
// region segment. PeeringLocations are ExpressRoute peering location names as
// Azure spells them ("Washington DC"); the first is the default.
type RegionPair struct {
	AzureRegion      string
	OCIRegion        string
	OCIRegionKey     string
	PeeringLocations []string
}

// DefaultPeeringLocation returns the first of p's peering locations, or "" if
// it has none.
func (p RegionPair) DefaultPeeringLocation() string {
	if len(p.PeeringLocations) == 0 {
		return ""
	}
	return p.PeeringLocations[0]
}

// HasPeeringLocation reports whether loc is one of p's peering locations,
// ignoring case and spaces ("washingtondc2" matches "Washington DC2").
func (p RegionPair) HasPeeringLocation(loc string) bool {
	_, ok := p.peeringLocation(loc)
	return ok
}

// peeringLocation returns p's spelling of loc.
func (p RegionPair) peeringLocation(loc string) (string, bool) {
	want := squash(loc)
	for _, l := range p.PeeringLocations {
		if squash(l) == want {
			return l, true
		}
	}
	return "", false
}

// String returns "eastus ↔ us-ashburn-1 (Washington DC, Washington DC2)".
func (p RegionPair) String() string {
	return fmt.Sprintf("%s ↔ %s (%s)", p.AzureRegion, p.OCIRegion, strings.Join(p.PeeringLocations, ", "))
}

func (p RegionPair) clone() RegionPair {
	p.PeeringLocations = slices.Clone(p.PeeringLocations)
	return p
}

// defaultPairs is the catalog of DESIGN.md §1: Microsoft "Oracle application
// solutions integrating Azure and OCI" (2023) and Oracle "Access to Microsoft
// Azure" (2025-01-15). Region keys: Oracle "Regions and Availability Domains".
//
// Each pair's Azure region is a "Local Azure region" of every one of its
// peering locations in Microsoft's "Locations and connectivity providers for
// Azure ExpressRoute" (azure-docs
// articles/expressroute/expressroute-locations-providers.md, 2026-04-28;
// Washington DC and DC2 list East US and East US 2), so an ExpressRoute
// Local circuit of any default pair reaches its VNet: the FAQ
// (articles/expressroute/expressroute-faqs.md) gives Local "access only to
// one or two Azure regions in or near the same metro" as its peering
// location, whatever the circuit resource's own location.
var defaultPairs = []RegionPair{
	{"eastus", "us-ashburn-1", "iad", []string{"Washington DC", "Washington DC2"}},
	{"westus3", "us-phoenix-1", "phx", []string{"Phoenix"}},
	{"westus", "us-sanjose-1", "sjc", []string{"Silicon Valley"}},
	{"canadacentral", "ca-toronto-1", "yyz", []string{"Toronto", "Toronto2"}},
	{"brazilsouth", "sa-vinhedo-1", "vcp", []string{"Campinas"}},
	{"uksouth", "uk-london-1", "lhr", []string{"London"}},
	{"westeurope", "eu-amsterdam-1", "ams", []string{"Amsterdam2"}},
	{"germanywestcentral", "eu-frankfurt-1", "fra", []string{"Frankfurt", "Frankfurt2"}},
	{"southafricanorth", "af-johannesburg-1", "jnb", []string{"Johannesburg"}},
	{"japaneast", "ap-tokyo-1", "nrt", []string{"Tokyo"}},
	{"koreacentral", "ap-seoul-1", "icn", []string{"Seoul"}},
	{"southeastasia", "ap-singapore-1", "sin", []string{"Singapore"}},
}

// Catalog is a set of region pairs, at most one per Azure region and one per
// OCI region. It is safe for concurrent use. Create one with [DefaultCatalog]
// (the pairs Microsoft and Oracle publish) or new(Catalog) (empty), and add or
// override pairs with [Catalog.Add].
type Catalog struct {
	mu    sync.RWMutex
	pairs map[string]RegionPair // by canonical Azure region
}

// DefaultCatalog returns a new Catalog holding the published Azure–OCI region
// pairs. Each call returns a fresh copy, so changes to one never affect
// another.
func DefaultCatalog() *Catalog {
	c := &Catalog{pairs: make(map[string]RegionPair, len(defaultPairs))}
	for _, p := range defaultPairs {
		c.pairs[p.AzureRegion] = p.clone()
	}
	return c
}

// Add adds p to c, replacing the pair for the same Azure region and any pair
// for the same OCI region. The Azure region is canonicalised ("East US 2"
// becomes "eastus2"), the OCI region and key are lowercased, and peering
// locations are kept as written.
//
// Add returns an error, and leaves c unchanged, if p is incomplete (any name
// empty, no peering location, an empty or repeated peering location), or if
// its OCI region key belongs to a different OCI region already in c.
func (c *Catalog) Add(p RegionPair) error {
	p = p.clone()
	p.AzureRegion = CanonicalAzureRegion(p.AzureRegion)
	p.OCIRegion = strings.ToLower(strings.TrimSpace(p.OCIRegion))
	p.OCIRegionKey = strings.ToLower(strings.TrimSpace(p.OCIRegionKey))
	var errs []error
	if p.AzureRegion == "" {
		errs = append(errs, errors.New("AzureRegion is empty"))
	}
	if p.OCIRegion == "" {
		errs = append(errs, errors.New("OCIRegion is empty"))
	}
	if p.OCIRegionKey == "" {
		errs = append(errs, errors.New("OCIRegionKey is empty (the region's key, such as iad for us-ashburn-1)"))
	}
	if len(p.PeeringLocations) == 0 {
		errs = append(errs, errors.New("PeeringLocations is empty (list at least one ExpressRoute peering location)"))
	}
	seen := map[string]bool{}
	for i, l := range p.PeeringLocations {
		l = strings.TrimSpace(l)
		p.PeeringLocations[i] = l
		switch {
		case l == "":
			errs = append(errs, fmt.Errorf("PeeringLocations[%d] is empty", i))
		case seen[squash(l)]:
			errs = append(errs, fmt.Errorf("PeeringLocations[%d] %q is listed twice", i, l))
		}
		seen[squash(l)] = true
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("interconnect: incomplete region pair %v: %w", p, err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for az, q := range c.pairs {
		if az != p.AzureRegion && q.OCIRegion != p.OCIRegion && q.OCIRegionKey == p.OCIRegionKey {
			return fmt.Errorf("interconnect: region pair %v: OCI region key %q already belongs to %s (paired with %s)", p, p.OCIRegionKey, q.OCIRegion, q.AzureRegion)
		}
	}
	if c.pairs == nil {
		c.pairs = map[string]RegionPair{}
	}
	for az, q := range c.pairs {
		if q.OCIRegion == p.OCIRegion {
			delete(c.pairs, az)
		}
	}
	c.pairs[p.AzureRegion] = p
	return nil
}

// ByAzureRegion returns the pair for an Azure region, given in any case and
// with or without spaces ("East US", "eastus" and "EASTUS" are the same).
func (c *Catalog) ByAzureRegion(name string) (RegionPair, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	p, ok := c.pairs[CanonicalAzureRegion(name)]
	if !ok {
		return RegionPair{}, false
	}
	return p.clone(), true
}

// ByOCIRegion returns the pair for an OCI region, given by its identifier
// ("us-ashburn-1") or its key ("IAD"), in any case.
func (c *Catalog) ByOCIRegion(name string) (RegionPair, bool) {
	want := strings.ToLower(strings.TrimSpace(name))
	if want == "" {
		return RegionPair{}, false
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	for _, p := range c.pairs {
		if p.OCIRegion == want || p.OCIRegionKey == want {
			return p.clone(), true
		}
	}
	return RegionPair{}, false
}

// Pairs returns every pair in c, sorted by Azure region.
func (c *Catalog) Pairs() []RegionPair {
	c.mu.RLock()
	defer c.mu.RUnlock()
	out := make([]RegionPair, 0, len(c.pairs))
	for _, p := range c.pairs {
		out = append(out, p.clone())
	}
	slices.SortFunc(out, func(a, b RegionPair) int { return strings.Compare(a.AzureRegion, b.AzureRegion) })
	return out
}

// azureRegions returns the Azure regions of c, sorted.
func (c *Catalog) azureRegions() []string {
	ps := c.Pairs()
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.AzureRegion
	}
	return out
}

// CanonicalAzureRegion returns an Azure region name in Azure's canonical
// form: lowercase with no spaces ("East US 2" becomes "eastus2").
func CanonicalAzureRegion(name string) string {
	return squash(name)
}

// squash lowercases s and drops every space in it.
func squash(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return unicode.ToLower(r)
	}, s)
}
