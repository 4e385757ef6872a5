package sim

import (
	"slices"
	"strings"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/oci"
)

// ProviderService is a FastConnect provider service in the world's catalog,
// with the bandwidth shapes it offers.
type ProviderService struct {
	oci.ProviderService
	Shapes []oci.BandwidthShape
}

// Provider service IDs of the built-in catalog.
const (
	AzureProviderServiceID    = "ocid1.providerservice.oc1..aaaaaaaamicrosoftazureexpressroute"
	MegaportProviderServiceID = "ocid1.providerservice.oc1..aaaaaaaamegaportfastconnect"
)

// oraclePeeringLocations are the ExpressRoute peering locations where Oracle
// Cloud FastConnect meets Azure (DESIGN.md's region pairs).
var oraclePeeringLocations = []string{
	"Washington DC", "Washington DC2", "Phoenix", "Silicon Valley", "Toronto", "Toronto2",
	"Campinas", "London", "Amsterdam2", "Frankfurt", "Frankfurt2", "Johannesburg",
	"Tokyo", "Seoul", "Singapore",
}

// localRegions are the Azure regions an ExpressRoute Local circuit at each
// peering location of the built-in catalog reaches: the "Local Azure
// regions" column of Microsoft's "Locations and connectivity providers for
// Azure ExpressRoute" (azure-docs
// articles/expressroute/expressroute-locations-providers.md, 2026-04-28),
// checked row by row. A location missing here offers no ExpressRoute Local
// (the table's ✗; the FAQ, articles/expressroute/expressroute-faqs.md: "It
// isn't available at a peering location where there's no Azure region in
// that state or province or country/region").
var localRegions = map[string][]string{
	"Washington DC": {"eastus", "eastus2"}, "Washington DC2": {"eastus", "eastus2"},
	"Phoenix": {"westus3"}, "Silicon Valley": {"westus"},
	"Toronto": {"canadacentral"}, "Toronto2": {"canadacentral"},
	"Campinas": {"brazilsouth"}, "London": {"uksouth"}, "Amsterdam2": {"westeurope"},
	"Frankfurt": {"germanywestcentral"}, "Frankfurt2": {"germanywestcentral"},
	"Johannesburg": {"southafricanorth"}, "Tokyo": {"japaneast"}, "Seoul": {"koreacentral"},
	"Singapore": {"southeastasia"},
	// Equinix's other locations in the built-in catalog.
	"Amsterdam": {"westeurope"}, "Chicago": {"northcentralus"},
}

var providerBandwidths = []int{50, 100, 200, 500, 1000, 2000, 5000, 10000}

func defaultServiceProviders() []azure.ServiceProvider {
	return []azure.ServiceProvider{
		{Name: "Equinix", PeeringLocations: []string{"Amsterdam", "Chicago", "London", "Silicon Valley", "Washington DC"},
			BandwidthsMbps: slices.Clone(providerBandwidths)},
		{Name: azure.OracleServiceProvider, PeeringLocations: slices.Clone(oraclePeeringLocations),
			BandwidthsMbps: slices.Clone(providerBandwidths)},
	}
}

func gbpsShapes() []oci.BandwidthShape {
	return []oci.BandwidthShape{{Name: "1 Gbps", Mbps: 1000}, {Name: "2 Gbps", Mbps: 2000},
		{Name: "5 Gbps", Mbps: 5000}, {Name: "10 Gbps", Mbps: 10000}}
}

func defaultProviderServices() []ProviderService {
	return []ProviderService{
		{ProviderService: oci.ProviderService{ID: AzureProviderServiceID, ProviderName: oci.AzureProviderName,
			ProviderServiceName: "ExpressRoute", Type: "LAYER3", CircuitTypes: []string{oci.CircuitTypePrivate}},
			Shapes: gbpsShapes()},
		{ProviderService: oci.ProviderService{ID: MegaportProviderServiceID, ProviderName: "Megaport",
			ProviderServiceName: "Megaport Cloud Router", Type: "LAYER2", CircuitTypes: []string{oci.CircuitTypePrivate, "PUBLIC"}},
			Shapes: gbpsShapes()},
	}
}

// defaultPeeringLocations maps each OCI region of DESIGN.md's pairs to its
// ExpressRoute peering locations.
func defaultPeeringLocations() map[string][]string {
	return map[string][]string{
		"us-ashburn-1":      {"Washington DC", "Washington DC2"},
		"us-phoenix-1":      {"Phoenix"},
		"us-sanjose-1":      {"Silicon Valley"},
		"ca-toronto-1":      {"Toronto", "Toronto2"},
		"sa-vinhedo-1":      {"Campinas"},
		"uk-london-1":       {"London"},
		"eu-amsterdam-1":    {"Amsterdam2"},
		"eu-frankfurt-1":    {"Frankfurt", "Frankfurt2"},
		"af-johannesburg-1": {"Johannesburg"},
		"ap-tokyo-1":        {"Tokyo"},
		"ap-seoul-1":        {"Seoul"},
		"ap-singapore-1":    {"Singapore"},
	}
}

// SetServiceProviders replaces the ExpressRoute service provider catalog that
// ListServiceProviders returns and PutCircuit checks.
func (w *World) SetServiceProviders(ps []azure.ServiceProvider) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.st.ServiceProviders = cloneProviders(ps)
}

// SetProviderServices replaces the FastConnect provider service catalog that
// ListProviderServices and ListBandwidthShapes return and
// CreateVirtualCircuit checks.
func (w *World) SetProviderServices(ps []ProviderService) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.st.ProviderServices = cloneProviderServices(ps)
}

// SetPeeringLocations sets the ExpressRoute peering locations Oracle serves
// from an OCI region (nil removes the region). A virtual circuit made in a
// region fails unless its ExpressRoute circuit's peering location is one of
// them.
func (w *World) SetPeeringLocations(ociRegion string, locations []string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if locations == nil {
		delete(w.st.PeeringLocations, ociRegion)
		return
	}
	w.st.PeeringLocations[ociRegion] = slices.Clone(locations)
}

func cloneProviders(ps []azure.ServiceProvider) []azure.ServiceProvider {
	out := make([]azure.ServiceProvider, len(ps))
	for i, p := range ps {
		out[i] = azure.ServiceProvider{Name: p.Name, PeeringLocations: slices.Clone(p.PeeringLocations),
			BandwidthsMbps: slices.Clone(p.BandwidthsMbps)}
	}
	return out
}

func cloneProviderServices(ps []ProviderService) []ProviderService {
	out := make([]ProviderService, len(ps))
	for i, p := range ps {
		out[i] = p
		out[i].CircuitTypes = slices.Clone(p.CircuitTypes)
		out[i].Shapes = slices.Clone(p.Shapes)
	}
	return out
}

func (w *World) serviceProvider(name string) *azure.ServiceProvider {
	for i := range w.st.ServiceProviders {
		if strings.EqualFold(w.st.ServiceProviders[i].Name, name) {
			return &w.st.ServiceProviders[i]
		}
	}
	return nil
}

func (w *World) providerService(id string) *ProviderService {
	for i := range w.st.ProviderServices {
		if w.st.ProviderServices[i].ID == id {
			return &w.st.ProviderServices[i]
		}
	}
	return nil
}
