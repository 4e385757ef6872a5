package interconnect

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"testing/synctest"

	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/secret"
)

// TestDiscover builds interconnects on the simulator and reads their specs
// back: each equals the spec as written, keys left at their defaults unset.
func TestDiscover(t *testing.T) {
	tests := []struct {
		name   string
		spokes int
		vcns   int
		edit   func(*Spec)
	}{
		{name: "minimal (simSpec)", edit: func(*Spec) {}},
		{name: "every key the clouds can tell", edit: func(s *Spec) {
			s.Bandwidth = 2 * Gbps
			s.Tags = map[string]string{"env": "prod", "team": "net"}
			s.Azure.PeeringLocation = "Washington DC2"
			s.Azure.CircuitSKU = CircuitSKU{Tier: "Premium", Family: "UnlimitedData"}
			off := false
			s.Azure.FastPath = &off
			s.Azure.Gateway.Name = "gw-ora"
			s.Azure.Gateway.SKU = "ErGw2AZ"
			s.Peering.MD5AuthKey = secret.Value("s3cret-md5")
		}},
		{name: "hub and spoke, many VCNs", spokes: 2, vcns: 2, edit: func(*Spec) {}},
		{name: "maximum resiliency", edit: func(s *Spec) { s.Resiliency = ResiliencyMaximum }},
		{name: "maximum resiliency, locations swapped, one preferred", edit: func(s *Spec) {
			s.Resiliency = ResiliencyMaximum
			s.Azure.PeeringLocations = []string{"Washington DC2", "Washington DC"}
			s.Azure.PreferredPeeringLocation = "Washington DC"
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ctx := context.Background()
				w, s := seedEstate(t, tt.spokes, tt.vcns)
				tt.edit(&s)
				c := newSimClient(w)
				p, err := c.Plan(ctx, s)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := c.Apply(ctx, p); err != nil {
					t.Fatal(err)
				}
				ociIn := func(region string) (oci.Network, error) {
					if region != "us-ashburn-1" {
						t.Errorf("OCI asked for region %s, want us-ashburn-1", region)
					}
					return w.OCI(), nil
				}
				before := len(w.Calls())
				got, err := Discover(ctx, w.Azure(), ociIn, s.Azure.ResourceGroup, s.Name, s.OCI.CompartmentID)
				if err != nil {
					t.Fatal(err)
				}
				for _, call := range w.Calls()[before:] {
					if call.Mutating {
						t.Errorf("Discover wrote: %+v", call)
					}
				}
				if !reflect.DeepEqual(got, s) {
					t.Errorf("Discover:\n got %+v\nwant %+v", got, s)
				}
				// The spec it returns plans nothing on the interconnect.
				if p, err := c.Plan(ctx, got); err != nil || p.Mutations() != 0 {
					t.Errorf("the discovered spec plans %v mutations, %v", p, err)
				}
			})
		})
	}
}

// TestDiscoverRefuses what the library did not build.
func TestDiscoverRefuses(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w, _, s := applied(t)
		ociIn := func(string) (oci.Network, error) { return w.OCI(), nil }
		for _, tt := range []struct{ rg, name, comp, want string }{
			{"rg-network", "other", simComp, "no ExpressRoute circuit other-er in resource group rg-network"},
			{"rg-other", s.Name, simComp, "no ExpressRoute circuit ora-link-er in resource group rg-other"},
			{"rg-network", s.Name, "ocid1.compartment.oc1..aaaaaaaaelsewhere", "listing virtual circuits named ora-link-vc in ocid1.compartment.oc1..aaaaaaaaelsewhere"},
		} {
			_, err := Discover(context.Background(), w.Azure(), ociIn, tt.rg, tt.name, tt.comp)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Discover(%s, %s, %s) = %v, want %q", tt.rg, tt.name, tt.comp, err, tt.want)
			}
		}
	})
}
