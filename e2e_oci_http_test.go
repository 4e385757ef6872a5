package interconnect

import (
	"net/http"
	"testing"
	"time"

	"github.com/azoci/interconnect/oci/ociclient"

	"github.com/azoci/interconnect/sim"
	"github.com/azoci/interconnect/sim/ociface"
)

// TestEndToEndOCIHTTP runs the whole job with OCI reached the way it is in
// production: ociclient.Client (oci-go-sdk) sending signed HTTPS requests, here to
// the simulator's OCI REST face; Azure is the simulator's azure.Network.
// HTTP cannot run in a synctest bubble, so the simulator's latencies are
// scaled down 1000× (the 40-minute gateway takes 2.4s) and the whole run
// takes a few seconds of real time.
func TestEndToEndOCIHTTP(t *testing.T) {
	ctx := t.Context()
	const poll = 20 * time.Millisecond
	w := seedWorld(sim.WithTenancy(ociface.TestTenancy), sim.WithLatency(sim.DefaultLatency().Scaled(1.0/1000)))
	srv := ociface.Start(t, w)
	oc, err := ociclient.NewClient(srv.ConfigProvider(), ociclient.WithEndpoint(srv.URL()), ociclient.WithHTTPClient(srv.HTTPClient()))
	if err != nil {
		t.Fatal(err)
	}
	c := New(w.Azure(), oc, WithPollInterval(poll))
	s := simSpec(t, "peering: {md5AuthKey: e2e-md5-key}")

	// httpWrites counts the OCI requests that change something.
	httpWrites := func(since int) (writes int) {
		for _, r := range srv.Requests()[since:] {
			if r.Method != http.MethodGet {
				writes++
			}
		}
		return writes
	}
	// ociWorldWrites counts the OCI calls that changed the world.
	ociWorldWrites := func(since int) (writes int) {
		for _, c := range w.Calls()[since:] {
			if c.Cloud == sim.CloudOCI && c.Mutating && c.Err == nil {
				writes++
			}
		}
		return writes
	}
	// healthy checks every request since mark was authenticated and served.
	healthy := func(phase string, mark int) {
		t.Helper()
		for _, r := range srv.Requests()[mark:] {
			if r.Status == http.StatusUnauthorized || r.Status >= 500 || r.Kind == r.Method+" (unserved)" {
				t.Errorf("%s: %s %s answered %d %s", phase, r.Method, r.Path, r.Status, r.Code)
			}
		}
	}

	p, err := c.Plan(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	if n := httpWrites(0); n != 0 {
		t.Fatalf("Plan sent %d OCI writes", n)
	}
	t.Logf("Plan: %d steps, %d mutations; OCI requests %s", len(p.Steps), p.Mutations(), ociface.FormatCounts(srv.Counts()))

	mark, worldMark := len(srv.Requests()), len(w.Calls())
	start := time.Now()
	res, err := c.Apply(ctx, p)
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}
	wall := time.Since(start)
	reads, writes := callCounts(w.Calls()[worldMark:])
	t.Logf("Apply: wall %s; world calls %d reads, %d writes; OCI HTTP requests (%d): %s", wall.Round(time.Millisecond), reads, writes,
		len(srv.Requests())-mark, ociface.FormatCounts(srv.CountsSince(mark)))
	if writes != p.Mutations() {
		t.Errorf("Apply made %d writes for %d planned mutations", writes, p.Mutations())
	}
	if hw, ww := httpWrites(mark), ociWorldWrites(worldMark); hw != ww {
		t.Errorf("%d OCI write requests for %d OCI writes in the world", hw, ww)
	}
	healthy("Apply", mark)
	for _, r := range res.Steps {
		if r.Err != nil {
			t.Errorf("step %s: %v", r.ID, r.Err)
		}
	}

	rep, err := c.Verify(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() {
		t.Fatalf("Verify after Apply failed: %+v", rep.Failed())
	}

	p2, err := c.Plan(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	if p2.Mutations() != 0 {
		t.Fatalf("re-plan has %d mutations: %+v", p2.Mutations(), p2.Steps)
	}
	mark = len(srv.Requests())
	if _, err := c.Apply(ctx, p2); err != nil {
		t.Fatal(err)
	}
	if n := httpWrites(mark); n != 0 {
		t.Errorf("no-op Apply sent %d OCI writes: %s", n, ociface.FormatCounts(srv.CountsSince(mark)))
	}

	pd, err := c.PlanDestroy(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	mark, worldMark = len(srv.Requests()), len(w.Calls())
	start = time.Now()
	if _, err := c.Apply(ctx, pd); err != nil {
		t.Fatalf("destroy Apply: %v", err)
	}
	t.Logf("destroy Apply: wall %s, %d mutations; OCI HTTP requests (%d): %s", time.Since(start).Round(time.Millisecond), pd.Mutations(),
		len(srv.Requests())-mark, ociface.FormatCounts(srv.CountsSince(mark)))
	healthy("destroy Apply", mark)
	checkTeardownOrder(t, w.Calls()[worldMark:])
	if hw, ww := httpWrites(mark), ociWorldWrites(worldMark); hw != ww {
		t.Errorf("%d OCI write requests for %d OCI writes in the world", hw, ww)
	}
	pd2, err := c.PlanDestroy(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	if pd2.Mutations() != 0 {
		t.Fatalf("after teardown, PlanDestroy still has %d mutations: %+v", pd2.Mutations(), pd2.Steps)
	}
	if _, err := oc.GetVCN(ctx, simVCN); err != nil {
		t.Errorf("VCN gone after teardown: %v", err)
	}
}
