package simfile

import (
	"bytes"
	"context"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/azoci/interconnect"
)

func testSpec() interconnect.Spec {
	return interconnect.Spec{
		Name: "ora-link", Bandwidth: interconnect.Gbps,
		Azure: interconnect.AzureSpec{SubscriptionID: "11111111-2222-3333-4444-555555555555", ResourceGroup: "rg-net",
			Region: "eastus", VirtualNetwork: "vnet-app"},
		OCI: interconnect.OCISpec{Region: "us-ashburn-1", CompartmentID: "ocid1.compartment.oc1..aaaa",
			VCNID: "ocid1.vcn.oc1.iad.aaaa", RouteTableIDs: []string{"ocid1.routetable.oc1.iad.rt1"}},
	}
}

// TestOpenSeedsOnceAndSaves: a new world gets the spec's VNet, VCN and route
// table, each outside the BGP pool; saved and opened again it is not
// seeded a second time.
func TestOpenSeedsOnceAndSaves(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "world.json")
	s := testSpec()
	s.Peering.Pool = netip.MustParsePrefix("10.10.0.0/24") // where the first VNet would go

	var log bytes.Buffer
	w, err := Open(ctx, path, 0.001, s, &log)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Simulator: new world (saved to " + path + "); time runs 1000× faster",
		"seeded VNet rg-net/vnet-app in eastus, address space 10.20.0.0/16, subnets default 10.20.1.0/24 and GatewaySubnet 10.20.255.0/27",
		"seeded VCN ocid1.vcn.oc1.iad.aaaa in us-ashburn-1, CIDR 10.30.0.0/16",
		"seeded route table ocid1.routetable.oc1.iad.rt1 of the VCN (oci.routeTableIds[0])",
	} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, log.String())
		}
	}
	vnet, err := w.Azure().GetVirtualNetwork(ctx, "rg-net", "vnet-app")
	if err != nil {
		t.Fatal(err)
	}
	if vnet.AddressSpace[0].Overlaps(s.Peering.Pool) {
		t.Errorf("the VNet %v overlaps the pool %v", vnet.AddressSpace, s.Peering.Pool)
	}
	if err := Save(w, path); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("state file: %v, mode %v; want 0600", err, fi.Mode())
	}

	log.Reset()
	if _, err := Open(ctx, path, 0.001, s, &log); err != nil {
		t.Fatal(err)
	}
	if got := log.String(); !strings.HasPrefix(got, "Simulator: loaded "+path) || strings.Contains(got, "seeded") {
		t.Errorf("second open:\n%s\nwant a load and no seeding", got)
	}
}

// TestOpenRefusesABrokenFile names the file and the fix.
func TestOpenRefusesABrokenFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "world.json")
	if err := os.WriteFile(path, []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Open(context.Background(), path, 0.001, testSpec(), &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "delete the file") {
		t.Fatalf("err = %v, want the path and the fix", err)
	}
}
