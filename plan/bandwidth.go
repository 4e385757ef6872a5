package plan

import (
	"fmt"
	"slices"
	"strings"
)

// Shape is a FastConnect bandwidth shape: its OCI name ("1 Gbps") and rate.
type Shape struct {
	Name string
	Mbps int
}

// BandwidthOffers is what each cloud actually offers for the interconnect:
// the ExpressRoute provider's bandwidths at the peering location, and the
// FastConnect provider service's shapes.
type BandwidthOffers struct {
	AzureProvider   string // "Oracle Cloud FastConnect"
	PeeringLocation string
	AzureMbps       []int
	OCIService      string // "Microsoft Azure"
	OCIShapes       []Shape
}

// MatchBandwidth checks that both clouds offer wantMbps and returns the OCI
// shape to order. The error says which side lacks it, what that side offers
// instead, and which rates both sides offer.
func MatchBandwidth(wantMbps int, o BandwidthOffers) (Shape, error) {
	var problems []string
	if !slices.Contains(o.AzureMbps, wantMbps) {
		problems = append(problems, fmt.Sprintf("ExpressRoute provider %q at %q does not offer %s (it offers %s)",
			o.AzureProvider, o.PeeringLocation, mbps(wantMbps), listMbps(o.AzureMbps)))
	}
	i := slices.IndexFunc(o.OCIShapes, func(s Shape) bool { return s.Mbps == wantMbps })
	if i < 0 {
		var offered []int
		for _, s := range o.OCIShapes {
			offered = append(offered, s.Mbps)
		}
		problems = append(problems, fmt.Sprintf("FastConnect provider service %q has no %s shape (it offers %s)",
			o.OCIService, mbps(wantMbps), listMbps(offered)))
	}
	if len(problems) == 0 {
		return o.OCIShapes[i], nil
	}
	var both []int
	for _, s := range o.OCIShapes {
		if slices.Contains(o.AzureMbps, s.Mbps) {
			both = append(both, s.Mbps)
		}
	}
	advice := "no bandwidth is offered by both; check the peering location"
	if len(both) > 0 {
		advice = "choose one both offer: " + listMbps(both)
	}
	return Shape{}, fmt.Errorf("bandwidth: %s; %s", strings.Join(problems, "; "), advice)
}

func mbps(v int) string {
	if v >= 1000 && v%1000 == 0 {
		return fmt.Sprintf("%dGbps", v/1000)
	}
	return fmt.Sprintf("%dMbps", v)
}

func listMbps(vs []int) string {
	if len(vs) == 0 {
		return "nothing"
	}
	vs = slices.Clone(vs)
	slices.Sort(vs)
	vs = slices.Compact(vs)
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = mbps(v)
	}
	return strings.Join(out, ", ")
}
