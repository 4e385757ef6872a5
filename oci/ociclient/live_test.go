package ociclient_test

import (
	"context"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/azoci/interconnect/internal/simworld"
	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/oci/ociclient"
	"github.com/azoci/interconnect/oci/ocitest"
	"github.com/azoci/interconnect/sim"
	"github.com/azoci/interconnect/sim/ociface"
)

// The environment of a live run (TestLiveConformance).
const (
	// envConfig is the OCI config file; "" means the SDK's default
	// (~/.oci/config, or $OCI_CONFIG_FILE).
	envConfig = "AZOCI_LIVE_OCI_CONFIG"
	// envProfile is the profile of the config file; "" means DEFAULT. Its
	// region is the region tested.
	envProfile = "AZOCI_LIVE_OCI_PROFILE"
	// envCompartment is the OCID of a compartment the run may use: it reads
	// there, and the lifecycle subset creates (and deletes) DRGs there.
	envCompartment = "AZOCI_LIVE_OCI_COMPARTMENT"
	// envVCN is the OCID of an existing VCN of that compartment, in the
	// profile's region. The lifecycle subset attaches it to a DRG of its
	// own and adds a route rule to its default route table (then removes
	// both), so it must not be attached to a DRG already.
	envVCN = "AZOCI_LIVE_OCI_VCN"
	// envLifecycle set to "1" adds the lifecycle subset to the read-only
	// one.
	envLifecycle = "AZOCI_LIVE_LIFECYCLE"
)

// livePace waits on a real cloud: DRGs and attachments take tens of
// seconds to change state; reading every 5s keeps well clear of throttling.
var livePace = ocitest.Pace{Poll: 5 * time.Second, Timeout: 10 * time.Minute}

// TestLiveConformance runs the conformance suite against a real tenancy
// when envCompartment and envVCN are set; without them it is skipped before
// reading any configuration. By default it runs the read-only subset,
// which is safe against production: it reads the tenancy, the VCN and its
// default route table, the FastConnect catalog and the compartment's DRGs,
// attachments and virtual circuits, and asks for resources that do not
// exist. With envLifecycle=1 it also creates, attaches, detaches and
// deletes DRGs and adds and removes a route rule, deleting everything it
// made (a cleanup retries should a test fail half-way, and names what it
// could not delete) and touching nothing else. It never creates a virtual
// circuit: that needs an ExpressRoute circuit and bills a FastConnect port.
// The simulator-only tests are skipped, saying why.
//
//	AZOCI_LIVE_OCI_COMPARTMENT=ocid1.compartment... AZOCI_LIVE_OCI_VCN=ocid1.vcn... \
//	  go test -run TestLiveConformance -v -timeout 30m ./oci/ociclient/
func TestLiveConformance(t *testing.T) {
	compartment, vcn := os.Getenv(envCompartment), os.Getenv(envVCN)
	if compartment == "" || vcn == "" {
		t.Skipf("set %s and %s (and optionally %s, %s, %s=1) to run the conformance suite against a real tenancy",
			envCompartment, envVCN, envConfig, envProfile, envLifecycle)
	}
	cp, err := ociclient.ConfigProvider(os.Getenv(envConfig), os.Getenv(envProfile))
	if err != nil {
		t.Fatal(err)
	}
	tenancy, err := cp.TenancyOCID()
	if err != nil {
		t.Fatal(err)
	}
	region, _ := cp.Region()
	mutable := os.Getenv(envLifecycle) == "1"
	env := ocitest.Env{Tenancy: tenancy, Compartment: compartment, VCN: oci.VCN{ID: vcn}, Mutable: mutable, Purges: true, Pace: livePace}
	t.Logf("live run in %s, compartment %s, VCN %s; lifecycle subset: %v", region, compartment, vcn, mutable)
	ocitest.RunConformanceTests(t, func(context.Context, *testing.T) (ocitest.Harness, error) {
		return &clientHarness{env: env, newClient: func() (*ociclient.Client, error) { return ociclient.NewClient(cp) }}, nil
	})
}

// TestLiveHarnessOnTheSimulator runs the suite as a live run sees it
// (a harness that is not an ocitest.Simulator, in a compartment others use,
// in a cloud that purges) against the simulator's face, with somebody
// else's DRG, attachment and route rule in the compartment: the read-only
// and lifecycle subsets must pass, and leave the world as they found it.
func TestLiveHarnessOnTheSimulator(t *testing.T) {
	w := ocitest.NewWorld(ocitest.HarnessLatency)
	theirs := w.AddDRG(sim.DRG{CompartmentID: ocitest.Compartment, DisplayName: "someone else's"})
	theirAttachment := w.AddDRGAttachment(sim.DRGAttachment{DRGID: theirs.ID, VCNID: ocitest.OtherVCN})
	if _, err := simworld.Of(w).ReplaceRouteRules(ocitest.RouteTable, "", []oci.RouteRule{ocitest.ForeignRule}); err != nil {
		t.Fatal(err)
	}
	srv := ociface.Start(t, w)
	env := ocitest.Env{Tenancy: srv.TenancyID(), Compartment: ocitest.Compartment, VCN: oci.VCN{ID: ocitest.VCN},
		Mutable: true, Purges: true, Pace: ocitest.SimPace}
	newClient := func() (*ociclient.Client, error) {
		return ociclient.NewClient(srv.ConfigProvider(), ociclient.WithEndpoint(srv.URL()), ociclient.WithHTTPClient(srv.HTTPClient()),
			fastRetries)
	}
	t.Run("suite", func(t *testing.T) {
		ocitest.RunConformanceTests(t, func(context.Context, *testing.T) (ocitest.Harness, error) {
			return &clientHarness{env: env, newClient: newClient}, nil
		})
	})

	ctx := t.Context()
	if l, err := w.OCI().ListDRGs(ctx, ocitest.Compartment); err != nil || len(l) != 1 || l[0].ID != theirs.ID {
		t.Errorf("DRGs left: %+v, %v; want only %s", l, err, theirs.ID)
	}
	if l, err := w.OCI().ListDRGAttachments(ctx, ocitest.Compartment, "", ""); err != nil || len(l) != 1 || l[0].ID != theirAttachment.ID {
		t.Errorf("attachments left: %+v, %v; want only %s", l, err, theirAttachment.ID)
	}
	if rt, err := w.OCI().GetRouteTable(ctx, ocitest.RouteTable); err != nil || !slices.Equal(rt.Rules, []oci.RouteRule{ocitest.ForeignRule}) {
		t.Errorf("default route table: %+v, %v; want only the rule that was there", rt.Rules, err)
	}
	for _, c := range w.Calls() { // no virtual circuit ordered or deleted: only the delete of a missing one
		if c.Operation == "CreateVirtualCircuit" || (c.Operation == "DeleteVirtualCircuit" && c.Err == nil) {
			t.Errorf("a live-mode run called %s %s", c.Operation, c.Resource)
		}
	}
}

// clientHarness is an ocitest.Harness of Clients: over a real tenancy, or
// over the face in live mode. It is not an ocitest.Simulator.
type clientHarness struct {
	env       ocitest.Env
	newClient func() (*ociclient.Client, error)
}

// MakeNetwork returns a new Client.
func (h *clientHarness) MakeNetwork(context.Context) (oci.Network, error) { return h.newClient() }

// Env describes the cloud, as the test that made the harness was told.
func (h *clientHarness) Env() ocitest.Env { return h.env }

// Close does nothing: a Client holds nothing to release.
func (h *clientHarness) Close() {}
