package interconnect

import (
	"net/http"
	"testing"
	"time"

	"github.com/azoci/interconnect/internal/faultproxy"
	"github.com/azoci/interconnect/oci/ociclient"
	"github.com/azoci/interconnect/sim"
	"github.com/azoci/interconnect/sim/ociface"
)

// TestOCIConnectionsClosedMidAnswer runs Plan, Apply and destroy with OCI
// reached through ociclient (oci-go-sdk) behind a proxy that closes the
// connection before the answer (the client reads EOF) or cuts the answer's
// body in half (unexpected EOF) once for every kind of OCI request the job
// sends: reads, creates, the route table's PUT, deletes. Each time OCI has
// already acted, so what is sent again must not act twice. Every phase must
// succeed at the first try, with exactly one of each resource.
func TestOCIConnectionsClosedMidAnswer(t *testing.T) {
	ctx := t.Context()
	w := seedWorld(sim.WithTenancy(ociface.TestTenancy), sim.WithLatency(sim.DefaultLatency().Scaled(1.0/httpScale)))
	face := ociface.Start(t, w)
	rules := []faultproxy.Rule{
		{Method: http.MethodGet, Path: "/routeTables/", Kind: faultproxy.CutBody},
		{Method: http.MethodGet, Path: "/virtualCircuits", Kind: faultproxy.CutBody},
		{Method: http.MethodPost, Path: "/drgs", Kind: faultproxy.CutBody},
		{Method: http.MethodPost, Path: "/drgAttachments", Kind: faultproxy.Close},
		{Method: http.MethodPost, Path: "/virtualCircuits", Kind: faultproxy.Close},
		{Method: http.MethodGet, Path: "/drgs/", Kind: faultproxy.CutBody},
		{Method: http.MethodPut, Path: "/routeTables/", Kind: faultproxy.Close},
		{Method: http.MethodPut, Path: "/routeTables/", Kind: faultproxy.CutBody},
		{Method: http.MethodDelete, Path: "/virtualCircuits/", Kind: faultproxy.Close},
		{Method: http.MethodDelete, Path: "/drgAttachments/", Kind: faultproxy.Close},
		{Method: http.MethodDelete, Path: "/drgs/", Kind: faultproxy.Close},
	}
	for i := range rules {
		rules[i].Count = 1
	}
	px, err := faultproxy.Start(face.URL(), face.HTTPClient().Transport, faultproxy.Config{Rules: rules})
	if err != nil {
		t.Fatal(err)
	}
	defer px.Close()
	// The default policy's retry rules with short waits: what is sent again
	// is under test here, not how long the SDK waits first.
	oc, err := ociclient.NewClient(face.ConfigProvider(), ociclient.WithEndpoint(px.URL()), ociclient.WithHTTPClient(px.Client()),
		ociclient.WithRetryPolicy(ociclient.NewRetryPolicy(5, 10*time.Millisecond, 100*time.Millisecond)))
	if err != nil {
		t.Fatal(err)
	}
	c := New(w.Azure(), oc, WithPollInterval(simPoll/httpScale))
	s := simSpec(t, "")

	p, err := c.Plan(ctx, s)
	if err != nil {
		t.Fatalf("Plan: %v", err)
	}
	if _, err := c.Apply(ctx, p); err != nil {
		t.Fatalf("Apply: %v", err)
	}
	if inv := takeInventory(t, w, s); inv != complete {
		t.Fatalf("after Apply: %+v, want one of each", inv)
	}
	if rep, err := c.Verify(ctx, s); err != nil || !rep.OK() {
		t.Fatalf("Verify: %v %+v", err, rep.Failed())
	}
	pd, err := c.PlanDestroy(ctx, s)
	if err != nil {
		t.Fatalf("PlanDestroy: %v", err)
	}
	if _, err := c.Apply(ctx, pd); err != nil {
		t.Fatalf("destroy: %v", err)
	}
	if inv := takeInventory(t, w, s); inv != (inventory{}) {
		t.Fatalf("after destroy: %+v", inv)
	}
	st := px.Stats()
	t.Logf("OCI through the proxy: %s", st)
	if st.FaultCount() != len(rules) {
		t.Errorf("%d faults injected, want one per rule (%d): a rule the job never met tests nothing", st.FaultCount(), len(rules))
	}
}
