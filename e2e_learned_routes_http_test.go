package interconnect

import (
	"context"
	"strings"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/fake"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/azure/armclient"
	"github.com/azoci/interconnect/sim"
	"github.com/azoci/interconnect/sim/armface"
)

// TestLearnedRoutesUnknownOverHTTP: the ARM face answers getLearnedRoutes as
// Microsoft's example does (armface.WithLearnedRoutesAsyncOnly: 202 with an
// Azure-AsyncOperation header and no Location), so the real adapter cannot
// read the gateway's routes and says so (azure.ErrLearnedRoutesUnavailable).
// Verify then warns on azure.gateway.learned-routes, with a hint, and passes
// while the circuit's route tables show the VCN's CIDRs; with both paths
// broken those tables are empty and it fails.
func TestLearnedRoutesUnknownOverHTTP(t *testing.T) {
	ctx := context.Background()
	w := seedWorld(sim.WithLatency(sim.DefaultLatency().Scaled(1.0 / httpScale)))
	face := armface.NewTLSServer(w, armface.WithLearnedRoutesAsyncOnly())
	defer face.Close()
	az, err := armclient.NewClient(simSub, &fake.TokenCredential{}, face.ClientOptions(), armclient.WithPollFrequency(armclient.DefaultPollFrequency/httpScale))
	if err != nil {
		t.Fatal(err)
	}
	c := New(az, w.OCI(), WithPollInterval(simPoll/httpScale))
	s := simSpec(t, "")
	p, err := c.Plan(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Apply(ctx, p); err != nil {
		t.Fatalf("Apply: %v", err)
	}
	rep, err := c.Verify(ctx, s)
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	routes, conn := checkNamed(rep, "azure.gateway.learned-routes"), checkNamed(rep, "azure.connection")
	if !rep.OK() || routes.Status != Warn || routes.Hint == "" || !strings.Contains(routes.Detail, "could not be read") {
		t.Fatalf("Verify: OK %v, learned routes %+v; failed %+v", rep.OK(), routes, rep.Failed())
	}
	if conn.Status != Pass && conn.Status != Warn {
		t.Errorf("connection %+v, want it to pass or warn", conn)
	}
	t.Logf("learned routes: %s: %s (hint: %s); connection: %s: %s", routes.Status, routes.Detail, routes.Hint, conn.Status, conn.Detail)

	ckt, err := w.Azure().GetCircuit(ctx, s.Azure.ResourceGroup, "ora-link-er")
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []azure.DevicePath{azure.Primary, azure.Secondary} {
		if err := w.BreakPath(ckt.ID, path); err != nil {
			t.Fatal(err)
		}
	}
	rep, err = c.Verify(ctx, s)
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	if routes := checkNamed(rep, "azure.gateway.learned-routes"); routes.Status != Fail || routes.Hint == "" {
		t.Errorf("with both paths broken, learned routes %+v, want a failure with a hint", routes)
	}
}
