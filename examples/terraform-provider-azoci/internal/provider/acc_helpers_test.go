package provider

import (
	"context"
	"fmt"
	"io"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/azoci/interconnect"
	"github.com/azoci/interconnect/internal/simfile"
	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/sim"
)

// The acceptance tests run the real OpenTofu (or Terraform) CLI that
// TF_ACC_TERRAFORM_PATH names against this provider, served in the test
// process, on the simulator kept in a file of the test's own. They run only
// with TF_ACC set, as terraform-plugin-testing has it; .ci/run sets it.

// accScale is the simulator's time scale in the acceptance tests: the
// gateway's 40 simulated minutes take 0.48 s, as in the CLI's tests.
const accScale = 0.0002

const (
	accSub     = "0b1f6471-1bf0-4dda-aec3-111122223333"
	accComp    = "ocid1.compartment.oc1..aaaaaaaa4exampleexampleexample"
	accVCN     = "ocid1.vcn.oc1.iad.amaaaaaaexampleexamplevcn"
	accAddress = "azoci_interconnect.link"
)

func TestMain(m *testing.M) {
	// The provider's source address on OpenTofu's registry, unless the
	// caller chose another (Terraform: registry.terraform.io).
	for k, v := range map[string]string{"TF_ACC_PROVIDER_HOST": "registry.opentofu.org", "TF_ACC_PROVIDER_NAMESPACE": "azoci"} {
		if os.Getenv(k) == "" {
			os.Setenv(k, v)
		}
	}
	os.Exit(m.Run())
}

// factories serve this provider to the CLI under the name azoci.
var factories = map[string]func() (tfprotov6.ProviderServer, error){
	"azoci": providerserver.NewProtocol6WithError(New("test")()),
}

// accWorld is a test's simulated world, in its own file.
type accWorld struct {
	t    *testing.T
	file string
}

func newAccWorld(t *testing.T) *accWorld {
	return &accWorld{t: t, file: filepath.Join(t.TempDir(), "world.json")}
}

// edit loads the world, lets f change it, and saves it: what a user does
// by hand in the clouds between two runs.
func (w *accWorld) edit(f func(ctx context.Context, w *sim.World)) {
	w.t.Helper()
	world, err := simfile.Load(w.file, accScale, "", "", io.Discard)
	if err != nil {
		w.t.Fatal(err)
	}
	f(context.Background(), world)
	if err := simfile.Save(world, w.file); err != nil {
		w.t.Fatal(err)
	}
}

// inventory is what the world holds of the interconnect s.
func (w *accWorld) inventory(s interconnect.Spec) *interconnect.Inventory {
	w.t.Helper()
	var inv *interconnect.Inventory
	w.edit(func(ctx context.Context, world *sim.World) {
		c := interconnect.New(world.Azure(), world.OCI(), simfile.ClientOptions(accScale)...)
		var err error
		if inv, err = c.Inventory(ctx, s); err != nil {
			w.t.Fatal(err)
		}
	})
	return inv
}

// accSpec is the spec of the configurations below (accConfig's defaults).
func accSpec() interconnect.Spec {
	return interconnect.Spec{Name: "ora-link", Bandwidth: interconnect.Gbps,
		Azure: interconnect.AzureSpec{SubscriptionID: accSub, ResourceGroup: "rg-network", Region: "eastus", VirtualNetwork: "vnet-app"},
		OCI:   interconnect.OCISpec{Region: "us-ashburn-1", CompartmentID: accComp, VCNID: accVCN}}
}

// config is a configuration on w's world: the provider block, then the
// interconnect link with its attributes replaced or added by set (written
// as HCL: "bandwidth" = `"2Gbps"`, "peering" = `{ md5_auth_key = "x" }`,
// or "" to leave one out), then extra.
func (w *accWorld) config(set map[string]string, extra string) string {
	attrs := map[string]string{
		"name":      `"ora-link"`,
		"bandwidth": `"1Gbps"`,
		"azure": fmt.Sprintf(`{
    subscription_id = %q
    resource_group  = "rg-network"
    region          = "eastus"
    virtual_network = "vnet-app"
  }`, accSub),
		"oci": fmt.Sprintf(`{
    region         = "us-ashburn-1"
    compartment_id = %q
    vcn_id         = %q
  }`, accComp, accVCN),
	}
	for k, v := range set {
		attrs[k] = v
	}
	var b strings.Builder
	fmt.Fprintf(&b, `terraform {
  required_providers {
    azoci = { source = "azoci/azoci" }
  }
}

provider "azoci" {
  simulator = { state_file = %q, time_scale = %g }
}

resource "azoci_interconnect" "link" {
`, w.file, accScale)
	for _, k := range []string{"name", "bandwidth", "resiliency", "tags", "azure", "oci", "peering"} {
		if v := attrs[k]; v != "" {
			fmt.Fprintf(&b, "  %s = %s\n", k, v)
		}
	}
	b.WriteString("}\n")
	b.WriteString(extra)
	return b.String()
}

// removeRouteRules removes the interconnect's route rules from the VCN's
// default route table, as someone might by hand.
func removeRouteRules(t *testing.T) func(ctx context.Context, w *sim.World) {
	return func(ctx context.Context, w *sim.World) {
		vcn, err := w.OCI().GetVCN(ctx, accVCN)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.OCI().UpdateRouteTable(ctx, vcn.DefaultRouteTableID, func(rules []oci.RouteRule) ([]oci.RouteRule, bool) {
			return nil, len(rules) > 0
		}); err != nil {
			t.Fatal(err)
		}
	}
}

type netipPrefix = netip.Prefix

func mustPrefix(s string) netip.Prefix { return netip.MustParsePrefix(s) }
