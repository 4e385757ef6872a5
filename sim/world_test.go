package sim

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/oci"
)

func TestLatency(t *testing.T) {
	d := DefaultLatency()
	if d.Read != 150*time.Millisecond || d.Gateway != 40*time.Minute || d.VirtualCircuit != 3*time.Minute || d.BGP != time.Minute || d.RouteTable != 0 {
		t.Errorf("DefaultLatency = %+v", d)
	}
	s := d.Scaled(1.0 / 500)
	if s.Gateway != 40*time.Minute/500 || s.Read != 300*time.Microsecond || s.Circuit != 120*time.Millisecond {
		t.Errorf("Scaled = %+v", s)
	}
	if New().Latency() != d {
		t.Errorf("New without options does not use DefaultLatency")
	}
}

func TestReadLatencyShowsConcurrency(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFx(t, WithLatency(DefaultLatency()))
		t0 := time.Now()
		var wg sync.WaitGroup
		for range 10 {
			wg.Go(func() { must[azure.VirtualNetwork](t)(f.az.GetVirtualNetwork(f.ctx, testRG, testVNet)) })
		}
		wg.Wait()
		if got := time.Since(t0); got != f.lat.Read {
			t.Errorf("10 concurrent reads took %v, want %v", got, f.lat.Read)
		}
		for range 3 {
			must[oci.VCN](t)(f.oc.GetVCN(f.ctx, testVCN))
		}
		if got := time.Since(t0); got != 4*f.lat.Read {
			t.Errorf("then 3 sequential reads: %v", got)
		}
	})
}

func TestFaults(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFx(t, WithLatency(DefaultLatency()))
		f.w.InjectFault(Fault{Cloud: CloudAzure, Operation: "PutCircuit", Count: 2, Kind: Throttle, RetryAfter: 7 * time.Second})
		f.w.InjectFault(Fault{Cloud: CloudAzure, Operation: "GetCircuit", Count: 2, Kind: ServerError})
		f.w.InjectFault(Fault{Cloud: CloudAzure, Operation: "DeletePublicIP", Count: 1, Kind: Conflict})
		f.w.InjectFault(Fault{Cloud: CloudOCI, Operation: "CreateDRG", Count: 1, Kind: Throttle})
		f.w.InjectFault(Fault{Cloud: CloudOCI, Operation: "GetVCN", Count: 1, Kind: ServerError})
		f.w.InjectFault(Fault{Cloud: CloudOCI, Count: 1, Kind: Conflict}) // any operation

		var codes []string
		for range 2 {
			t0 := time.Now()
			_, err := f.az.PutCircuit(f.ctx, testRG, circuitSpec("er"))
			var e *azure.Error
			if !errors.As(err, &e) || e.StatusCode != http.StatusTooManyRequests || e.RetryAfter != 7*time.Second || !e.Retryable() {
				t.Fatalf("throttled put: %v", err)
			}
			if time.Since(t0) != f.lat.Read {
				t.Errorf("a fault took %v, want Read", time.Since(t0))
			}
			codes = append(codes, e.Code)
		}
		if codes[0] == codes[1] || !strings.Contains(strings.Join(codes, " "), "RetryableErrorDueToAnotherOperation") {
			t.Errorf("throttle codes %v: want TooManyRequests and RetryableErrorDueToAnotherOperation alternating", codes)
		}
		// No effect: the circuit was never made.
		for _, want := range []int{500, 503} {
			_, err := f.az.GetCircuit(f.ctx, testRG, "er")
			var e *azure.Error
			if !errors.As(err, &e) || e.StatusCode != want {
				t.Errorf("server error: %v, want %d", err, want)
			}
		}
		if _, err := f.az.GetCircuit(f.ctx, testRG, "er"); !errors.Is(err, azure.ErrNotFound) {
			t.Errorf("faulted puts had an effect: %v", err)
		}
		f.circuit("er") // count used up
		f.pip("p")
		wantAzureErr(t, f.az.DeletePublicIP(f.ctx, testRG, "p"), 409, "AnotherOperationInProgress")
		noErr(t, f.az.DeletePublicIP(f.ctx, testRG, "p"))

		_, err := f.oc.CreateDRG(f.ctx, oci.DRG{CompartmentID: testComp}, "")
		wantOCIErr(t, err, 429, "TooManyRequests")
		_, err = f.oc.GetVCN(f.ctx, testVCN)
		wantOCIErr(t, err, 500, "InternalServerError")
		_, err = f.oc.ListDRGs(f.ctx, testComp)
		wantOCIErr(t, err, 409, "IncorrectState")
		if l := must[[]oci.DRG](t)(f.oc.ListDRGs(f.ctx, testComp)); len(l) != 0 {
			t.Errorf("faulted CreateDRG made %v", l)
		}
		if len(f.w.Faults()) != 0 {
			t.Errorf("faults left: %+v", f.w.Faults())
		}
		var failed int
		for _, c := range f.w.Calls() {
			if c.Err != nil {
				failed++
			}
		}
		if failed != 9 { // 8 faults and one 404
			t.Errorf("%d failed calls logged, want 9", failed)
		}
	})
}

func TestAsyncFailure(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFx(t)
		f.w.InjectFault(Fault{Cloud: CloudAzure, Operation: "PutCircuit", Count: 2, Kind: AsyncFailure})
		// Blocking: accepted, then the operation fails.
		t0 := time.Now()
		_, err := f.az.PutCircuit(f.ctx, testRG, circuitSpec("er"))
		wantAzureErr(t, err, 500, "InternalServerError")
		if time.Since(t0) != f.lat.Circuit {
			t.Errorf("failed operation ended after %v", time.Since(t0))
		}
		c := must[azure.Circuit](t)(f.az.GetCircuit(f.ctx, testRG, "er"))
		if c.State != azure.Failed {
			t.Errorf("state %s, want Failed", c.State)
		}
		wantAzureErr(t, f.w.azureOperationError(c.ID), 500, "InternalServerError")
		// No-wait: Updating, then Failed; a later Put succeeds.
		c = must[azure.Circuit](t)(f.nw.PutCircuit(f.ctx, testRG, circuitSpec("er")))
		if c.State != azure.Updating || f.w.azureOperationError(c.ID) != nil {
			t.Errorf("accepted: %s", c.State)
		}
		time.Sleep(f.lat.Circuit)
		if c := must[azure.Circuit](t)(f.az.GetCircuit(f.ctx, testRG, "er")); c.State != azure.Failed {
			t.Errorf("no-wait failed op: %s", c.State)
		}
		c = f.circuit("er")
		if c.State != azure.Succeeded || f.w.azureOperationError(c.ID) != nil {
			t.Errorf("retry after failure: %+v", c)
		}
	})
}

func TestCallsAndHook(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFx(t, WithLatency(DefaultLatency()))
		ctx, cancel := context.WithCancel(f.ctx)
		var hooked []string
		var mu sync.Mutex
		f.w.SetCallHook(func(c Call) {
			mu.Lock()
			hooked = append(hooked, c.Operation)
			mu.Unlock()
			if c.Operation == "PutGateway" && c.Err == nil {
				cancel() // crash right after ARM accepted the gateway
			}
		})
		p := must[azure.PublicIP](t)(f.az.PutPublicIP(ctx, testRG, azure.PublicIP{Name: "p", Location: "eastus", SKU: "Standard", Static: true}))
		t0 := time.Now()
		_, err := f.az.PutGateway(ctx, testRG, f.gatewaySpec("gw", azure.SKUErGw3AZ, 0, p.ID))
		if !errors.Is(err, context.Canceled) || time.Since(t0) != f.lat.Read {
			t.Fatalf("cancelled put: %v after %v", err, time.Since(t0))
		}
		if _, err := f.oc.GetVCN(ctx, testVCN); !errors.Is(err, context.Canceled) {
			t.Errorf("call on a cancelled context: %v", err)
		}
		time.Sleep(f.lat.Gateway)
		if g := must[azure.Gateway](t)(f.az.GetGateway(f.ctx, testRG, "gw")); g.State != azure.Succeeded {
			t.Errorf("the gateway did not go on after the caller gave up: %s", g.State)
		}
		f.w.SetCallHook(nil)

		calls := f.w.Calls()
		want := []struct {
			op       string
			mutating bool
			err      bool
		}{{"PutPublicIP", true, false}, {"PutGateway", true, false}, {"GetVCN", false, true}, {"GetGateway", false, false}}
		if len(calls) != len(want) {
			t.Fatalf("calls = %+v", calls)
		}
		for i, w := range want {
			c := calls[i]
			if c.Operation != w.op || c.Mutating != w.mutating || (c.Err != nil) != w.err {
				t.Errorf("call %d = %+v, want %+v", i, c, w)
			}
		}
		if calls[1].Cloud != CloudAzure || calls[1].Resource != armID(testSub, testRG, typeGateways, "gw") || !calls[1].Time.Equal(t0.Add(f.lat.Read)) {
			t.Errorf("PutGateway call = %+v", calls[1])
		}
		if calls[2].Cloud != CloudOCI || calls[2].Resource != testVCN {
			t.Errorf("GetVCN call = %+v", calls[2])
		}
		if strings.Join(hooked, ",") != "PutPublicIP,PutGateway,GetVCN,GetGateway" {
			t.Errorf("hook saw %v", hooked)
		}
	})
}

func TestSaveLoadMidProvisioning(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFx(t)
		c := f.circuit("er")
		d := f.drg()
		f.attach(d.ID)
		f.w.InjectFault(Fault{Cloud: CloudOCI, Operation: "GetDRG", Count: 1, Kind: Throttle, RetryAfter: time.Second})
		vc := must[oci.VirtualCircuit](t)(f.oc.CreateVirtualCircuit(f.ctx, vcSpec(c.ServiceKey, d.ID), "tok"))
		tc := time.Now()
		p := f.pip("p")
		must[azure.Gateway](t)(f.nw.PutGateway(f.ctx, testRG, f.gatewaySpec("gw", azure.SKUErGw3AZ, 0, p.ID)))
		time.Sleep(f.lat.VirtualCircuit / 2)

		var buf bytes.Buffer
		noErr(t, f.w.Save(&buf))
		saved := buf.String()
		if !strings.Contains(saved, c.ServiceKey.Reveal()) || !strings.Contains(saved, testMD5) {
			t.Errorf("saved state lacks the plaintext secrets")
		}
		w2, err := Load(strings.NewReader(saved), instantReads())
		noErr(t, err)
		var buf2 bytes.Buffer
		noErr(t, w2.Save(&buf2))
		if buf2.String() != saved {
			t.Errorf("Save(Load(Save(w))) differs from Save(w)")
		}
		g := &fx{t: t, w: w2, az: w2.Azure(), nw: w2.azureNoWait(), oc: w2.OCI(), ctx: f.ctx, lat: w2.Latency()}
		if g.w.SubscriptionID() != testSub || g.w.OCIRegion() != testRegion {
			t.Errorf("loaded world serves %s / %s", g.w.SubscriptionID(), g.w.OCIRegion())
		}
		if v := must[oci.VirtualCircuit](t)(g.oc.GetVirtualCircuit(f.ctx, vc.ID)); v.State != oci.Provisioning {
			t.Errorf("loaded VC %s", v.State)
		}
		g.at(tc.Add(g.lat.VirtualCircuit))
		if c := must[azure.Circuit](t)(g.az.GetCircuit(f.ctx, testRG, "er")); c.ProviderState != azure.Provisioned {
			t.Errorf("loaded circuit at +VC: %s", c.ProviderState)
		}
		g.at(tc.Add(g.lat.VirtualCircuit + g.lat.BGP))
		if v := must[oci.VirtualCircuit](t)(g.oc.GetVirtualCircuit(f.ctx, vc.ID)); v.BGPSessionState != oci.BGPUp || v.ProviderServiceKeyName != c.ServiceKey {
			t.Errorf("loaded VC after BGP: %s", v.BGPSessionState)
		}
		if v := must[oci.VirtualCircuit](t)(g.oc.CreateVirtualCircuit(f.ctx, vcSpec(c.ServiceKey, d.ID), "tok")); v.ID != vc.ID {
			t.Errorf("retry token lost in Save/Load")
		}
		_, err = g.oc.GetDRG(f.ctx, d.ID)
		wantOCIErr(t, err, 429, "TooManyRequests")
		time.Sleep(g.lat.Gateway)
		if gw := must[azure.Gateway](t)(g.az.GetGateway(f.ctx, testRG, "gw")); gw.State != azure.Succeeded {
			t.Errorf("loaded gateway: %s", gw.State)
		}
		// The original world goes on independently.
		if l := len(f.w.Calls()); l == 0 {
			t.Errorf("original world lost its calls")
		}
	})
}

// Transitions that fell due while the world was on disk apply, in order and
// at their own times, on the first call after Load.
func TestLoadAppliesPastTransitions(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFx(t)
		c := f.circuit("er")
		d := f.drg()
		f.attach(d.ID)
		must[oci.VirtualCircuit](t)(f.oc.CreateVirtualCircuit(f.ctx, vcSpec(c.ServiceKey, d.ID), ""))
		var buf bytes.Buffer
		noErr(t, f.w.Save(&buf))
		time.Sleep(time.Hour)
		w2, err := Load(&buf, instantReads())
		noErr(t, err)
		rs := must[[]azure.Route](t)(w2.Azure().ListRouteTable(f.ctx, testRG, "er", azure.Primary))
		if len(rs) != 1 || rs[0].Network != vcnCIDR {
			t.Errorf("routes after loading an old save: %+v", rs)
		}
	})
}

func TestLoadRejectsGarbage(t *testing.T) {
	if _, err := Load(strings.NewReader(`{"Version": 99}`)); err == nil {
		t.Error("loaded a future version")
	}
	if _, err := Load(strings.NewReader(`{"Version": 1, "Bogus": true}`)); err == nil {
		t.Error("loaded unknown fields")
	}
}

// The same calls give the same world.
func TestDeterministic(t *testing.T) {
	run := func() string {
		var out string
		synctest.Test(t, func(t *testing.T) {
			f := newFx(t)
			f.provisioned()
			f.gateway(azure.SKUErGw3AZ, 0)
			var buf bytes.Buffer
			noErr(t, f.w.Save(&buf))
			out = buf.String()
		})
		return out
	}
	if a, b := run(), run(); a != b {
		t.Error("two identical runs saved different worlds")
	}
}

// Many goroutines at once, for the race detector: each builds its own
// resources while others read.
func TestConcurrentUse(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFx(t, WithLatency(DefaultLatency().Scaled(0.001)))
		var wg sync.WaitGroup
		for i := range 16 {
			wg.Go(func() {
				name := fmt.Sprintf("er-%d", i)
				c := f.circuit(name)
				d := must[oci.DRG](t)(f.oc.CreateDRG(f.ctx, oci.DRG{CompartmentID: testComp, DisplayName: name}, name))
				for d.State != oci.Available {
					time.Sleep(time.Millisecond)
					d = must[oci.DRG](t)(f.oc.GetDRG(f.ctx, d.ID))
				}
				must[oci.VirtualCircuit](t)(f.oc.CreateVirtualCircuit(f.ctx, vcSpec(c.ServiceKey, d.ID), name))
				for range 5 {
					_ = f.w.Calls()
					must[azure.VirtualNetwork](t)(f.az.GetVirtualNetwork(f.ctx, testRG, testVNet))
					_, _ = f.oc.UpdateRouteTable(f.ctx, testRT, func(r []oci.RouteRule) ([]oci.RouteRule, bool) { return r, false })
				}
			})
		}
		wg.Wait()
		time.Sleep(time.Second)
		for i := range 16 {
			c := must[azure.Circuit](t)(f.az.GetCircuit(f.ctx, testRG, fmt.Sprintf("er-%d", i)))
			if c.ProviderState != azure.Provisioned {
				t.Errorf("circuit %d: %s", i, c.ProviderState)
			}
		}
	})
	// And outside a bubble, on the real clock with zero latency.
	f := newFx(t, WithLatency(Latency{}))
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Go(func() {
			name := fmt.Sprintf("er-%d", i)
			c := f.circuit(name)
			d := must[oci.DRG](t)(f.oc.CreateDRG(f.ctx, oci.DRG{CompartmentID: testComp, DisplayName: name}, ""))
			vc := must[oci.VirtualCircuit](t)(f.oc.CreateVirtualCircuit(f.ctx, vcSpec(c.ServiceKey, d.ID), ""))
			if vc.State != oci.Provisioned {
				t.Errorf("%s: %s", name, vc.State)
			}
			_ = f.w.OCILearnedRoutes(vc.ID)
			noErr(t, f.oc.DeleteVirtualCircuit(f.ctx, vc.ID))
		})
	}
	wg.Wait()
	if n := len(f.w.Calls()); n != 16*4 {
		t.Errorf("%d calls logged, want %d", n, 16*4)
	}
}

func TestSubscriptionDefaults(t *testing.T) {
	if got := New().SubscriptionID(); got != zeroSubscription {
		t.Errorf("empty world serves %s", got)
	}
	seed := VirtualNetwork{SubscriptionID: "sub-a", ResourceGroup: "rg", Name: "v", Region: "eastus", AddressSpace: []netip.Prefix{vnetSpace}}
	w := New()
	w.AddVirtualNetwork(seed)
	seed.SubscriptionID, seed.Name = "sub-b", "v2"
	w.AddVirtualNetwork(seed)
	if got := w.SubscriptionID(); got != "sub-a" {
		t.Errorf("subscription = %s, want the first VNet's", got)
	}
	w = New(WithSubscription("sub-b"), WithLatency(Latency{}))
	w.AddVirtualNetwork(seed)
	seed.SubscriptionID, seed.Name = "sub-a", "v"
	w.AddVirtualNetwork(seed)
	ctx := context.Background()
	if _, err := w.Azure().GetVirtualNetwork(ctx, "rg", "v2"); err != nil {
		t.Errorf("sub-b face: %v", err)
	}
	if _, err := w.Azure().GetVirtualNetwork(ctx, "rg", "v"); !errors.Is(err, azure.ErrNotFound) {
		t.Errorf("sub-b face sees sub-a's VNet: %v", err)
	}
}

func TestCallLogLimit(t *testing.T) {
	w := New(WithLatency(Latency{}), WithCallLogLimit(10))
	for range 25 {
		w.Azure().GetVirtualNetwork(context.Background(), "rg", "none")
	}
	calls := w.Calls()
	if len(calls) < 10 || len(calls) >= 20 {
		t.Errorf("%d calls kept, want from 10 to 19", len(calls))
	}
	unbounded := New(WithLatency(Latency{}))
	for range 25 {
		unbounded.OCI().GetVCN(context.Background(), "ocid1.vcn.oc1..none")
	}
	if n := len(unbounded.Calls()); n != 25 {
		t.Errorf("%d calls kept without a limit, want 25", n)
	}
}
