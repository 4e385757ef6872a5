package interconnect

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
)

func TestDefaultCatalogPairs(t *testing.T) {
	want := []struct{ az, oci, key, first string }{
		{"brazilsouth", "sa-vinhedo-1", "vcp", "Campinas"},
		{"canadacentral", "ca-toronto-1", "yyz", "Toronto"},
		{"eastus", "us-ashburn-1", "iad", "Washington DC"},
		{"germanywestcentral", "eu-frankfurt-1", "fra", "Frankfurt"},
		{"japaneast", "ap-tokyo-1", "nrt", "Tokyo"},
		{"koreacentral", "ap-seoul-1", "icn", "Seoul"},
		{"southafricanorth", "af-johannesburg-1", "jnb", "Johannesburg"},
		{"southeastasia", "ap-singapore-1", "sin", "Singapore"},
		{"uksouth", "uk-london-1", "lhr", "London"},
		{"westeurope", "eu-amsterdam-1", "ams", "Amsterdam2"},
		{"westus", "us-sanjose-1", "sjc", "Silicon Valley"},
		{"westus3", "us-phoenix-1", "phx", "Phoenix"},
	}
	pairs := DefaultCatalog().Pairs()
	if len(pairs) != len(want) {
		t.Fatalf("DefaultCatalog has %d pairs, want %d", len(pairs), len(want))
	}
	for i, w := range want {
		p := pairs[i]
		if p.AzureRegion != w.az || p.OCIRegion != w.oci || p.OCIRegionKey != w.key || p.DefaultPeeringLocation() != w.first {
			t.Errorf("pair %d = %v (key %s), want %s ↔ %s (key %s), first location %s", i, p, p.OCIRegionKey, w.az, w.oci, w.key, w.first)
		}
	}
	eastus, _ := DefaultCatalog().ByAzureRegion("eastus")
	if !slices.Equal(eastus.PeeringLocations, []string{"Washington DC", "Washington DC2"}) {
		t.Errorf("eastus locations = %v", eastus.PeeringLocations)
	}
}

func TestCatalogLookups(t *testing.T) {
	c := DefaultCatalog()
	tests := []struct {
		by, name string
		wantAz   string // "" = not found
	}{
		{"azure", "eastus", "eastus"},
		{"azure", "East US", "eastus"},
		{"azure", "EASTUS", "eastus"},
		{"azure", " east  us ", "eastus"},
		{"azure", "Germany West Central", "germanywestcentral"},
		{"azure", "West US 3", "westus3"},
		{"azure", "westus2", ""},
		{"azure", "", ""},
		{"azure", "us-ashburn-1", ""},
		{"oci", "us-ashburn-1", "eastus"},
		{"oci", "US-Ashburn-1", "eastus"},
		{"oci", "IAD", "eastus"},
		{"oci", "iad", "eastus"},
		{"oci", " phx ", "westus3"},
		{"oci", "eu-frankfurt-1", "germanywestcentral"},
		{"oci", "us-chicago-1", ""},
		{"oci", "", ""},
		{"oci", "eastus", ""},
	}
	for _, tt := range tests {
		var p RegionPair
		var ok bool
		if tt.by == "azure" {
			p, ok = c.ByAzureRegion(tt.name)
		} else {
			p, ok = c.ByOCIRegion(tt.name)
		}
		if ok != (tt.wantAz != "") || p.AzureRegion != tt.wantAz {
			t.Errorf("By%sRegion(%q) = %v, %v; want %q", tt.by, tt.name, p, ok, tt.wantAz)
		}
	}
}

func TestPeeringLocations(t *testing.T) {
	p, _ := DefaultCatalog().ByAzureRegion("eastus")
	for _, loc := range []string{"Washington DC", "washington dc", "WashingtonDC2", " washington  DC2 "} {
		if !p.HasPeeringLocation(loc) {
			t.Errorf("HasPeeringLocation(%q) = false", loc)
		}
	}
	for _, loc := range []string{"", "Washington", "Silicon Valley", "Washington DC3"} {
		if p.HasPeeringLocation(loc) {
			t.Errorf("HasPeeringLocation(%q) = true", loc)
		}
	}
	if (RegionPair{}).DefaultPeeringLocation() != "" {
		t.Error("empty pair has a default location")
	}
}

func TestCatalogAddOverrides(t *testing.T) {
	c := DefaultCatalog()
	// Override eastus with a new location list; the Azure region is canonicalised.
	if err := c.Add(RegionPair{AzureRegion: "East US", OCIRegion: "US-Ashburn-1", OCIRegionKey: "IAD", PeeringLocations: []string{"Washington DC2"}}); err != nil {
		t.Fatal(err)
	}
	p, ok := c.ByAzureRegion("eastus")
	if !ok || p.DefaultPeeringLocation() != "Washington DC2" || p.OCIRegion != "us-ashburn-1" || p.OCIRegionKey != "iad" {
		t.Fatalf("after override: %v, %v", p, ok)
	}
	// A fresh default catalog is unaffected.
	if p, _ := DefaultCatalog().ByAzureRegion("eastus"); p.DefaultPeeringLocation() != "Washington DC" {
		t.Fatalf("DefaultCatalog shares state: %v", p)
	}
	// Add a new pair.
	if err := c.Add(RegionPair{AzureRegion: "northcentralus", OCIRegion: "us-chicago-1", OCIRegionKey: "ord", PeeringLocations: []string{"Chicago", "Chicago2"}}); err != nil {
		t.Fatal(err)
	}
	if p, ok := c.ByOCIRegion("ORD"); !ok || p.AzureRegion != "northcentralus" {
		t.Fatalf("new pair: %v, %v", p, ok)
	}
	// Re-pairing an OCI region with another Azure region replaces its old pair.
	if err := c.Add(RegionPair{AzureRegion: "eastus2", OCIRegion: "us-ashburn-1", OCIRegionKey: "iad", PeeringLocations: []string{"Washington DC"}}); err != nil {
		t.Fatal(err)
	}
	if _, ok := c.ByAzureRegion("eastus"); ok {
		t.Fatal("eastus still paired after us-ashburn-1 moved to eastus2")
	}
	if p, _ := c.ByOCIRegion("us-ashburn-1"); p.AzureRegion != "eastus2" {
		t.Fatalf("us-ashburn-1 pairs with %v", p)
	}
	if n := len(c.Pairs()); n != 13 {
		t.Fatalf("%d pairs, want 13", n)
	}
	// Returned pairs are copies.
	p, _ = c.ByAzureRegion("northcentralus")
	p.PeeringLocations[0] = "mutated"
	if p, _ := c.ByAzureRegion("northcentralus"); p.PeeringLocations[0] != "Chicago" {
		t.Fatal("ByAzureRegion returned a slice aliasing the catalog")
	}
	// The zero Catalog works.
	var empty Catalog
	if _, ok := empty.ByAzureRegion("eastus"); ok {
		t.Fatal("empty catalog found eastus")
	}
	if err := empty.Add(RegionPair{AzureRegion: "eastus", OCIRegion: "us-ashburn-1", OCIRegionKey: "iad", PeeringLocations: []string{"Washington DC"}}); err != nil {
		t.Fatal(err)
	}
	if _, ok := empty.ByAzureRegion("East US"); !ok {
		t.Fatal("zero Catalog lost the added pair")
	}
}

func TestCatalogAddRejectsIncomplete(t *testing.T) {
	good := RegionPair{AzureRegion: "eastus", OCIRegion: "us-ashburn-1", OCIRegionKey: "iad", PeeringLocations: []string{"Washington DC"}}
	tests := []struct {
		name string
		edit func(*RegionPair)
		want string
	}{
		{"no azure region", func(p *RegionPair) { p.AzureRegion = "  " }, "AzureRegion is empty"},
		{"no oci region", func(p *RegionPair) { p.OCIRegion = "" }, "OCIRegion is empty"},
		{"no key", func(p *RegionPair) { p.OCIRegionKey = "" }, "OCIRegionKey is empty"},
		{"no locations", func(p *RegionPair) { p.PeeringLocations = nil }, "PeeringLocations is empty"},
		{"empty location", func(p *RegionPair) { p.PeeringLocations = []string{"Washington DC", " "} }, "PeeringLocations[1] is empty"},
		{"repeated location", func(p *RegionPair) { p.PeeringLocations = []string{"Washington DC", "washington dc"} }, "listed twice"},
		{"key of another region", func(p *RegionPair) { p.AzureRegion, p.OCIRegion, p.OCIRegionKey = "westus2", "us-foo-1", "phx" }, "already belongs to us-phoenix-1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := DefaultCatalog()
			p := good
			p.PeeringLocations = slices.Clone(good.PeeringLocations)
			tt.edit(&p)
			err := c.Add(p)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Add(%v) = %v, want error containing %q", p, err, tt.want)
			}
			if len(c.Pairs()) != 12 {
				t.Fatal("a failed Add changed the catalog")
			}
		})
	}
}

func TestCatalogConcurrent(t *testing.T) {
	c := DefaultCatalog()
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for j := range 50 {
				_ = c.Add(RegionPair{AzureRegion: fmt.Sprintf("r%d-%d", i, j), OCIRegion: fmt.Sprintf("o%d-%d", i, j), OCIRegionKey: fmt.Sprintf("k%d%d", i, j), PeeringLocations: []string{"X"}})
				c.ByAzureRegion("eastus")
				c.ByOCIRegion("iad")
				c.Pairs()
			}
		})
	}
	wg.Wait()
	if n := len(c.Pairs()); n != 12+8*50 {
		t.Fatalf("%d pairs", n)
	}
}
