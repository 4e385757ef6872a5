package ociclient_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"net/netip"
	"slices"
	"testing"
	"time"

	"github.com/oracle/oci-go-sdk/v65/common"

	"github.com/azoci/interconnect/internal/simworld"
	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/oci/ociclient"
	"github.com/azoci/interconnect/oci/ocitest"
	"github.com/azoci/interconnect/sim"
	"github.com/azoci/interconnect/sim/ociface"
)

// fastRetries keeps retried requests quick in tests.
var fastRetries = ociclient.WithRetryPolicy(ociclient.NewRetryPolicy(4, time.Millisecond, 20*time.Millisecond))

// overHTTP serves w with the signed OCI REST face and returns a Client
// talking to it, with the face for inspection.
func overHTTP(t *testing.T, w *sim.World, opts ...ociface.Option) (*ociclient.Client, *ociface.Server) {
	t.Helper()
	srv := ociface.Start(t, w, opts...)
	c, err := ociclient.NewClient(srv.ConfigProvider(), ociclient.WithEndpoint(srv.URL()), ociclient.WithHTTPClient(srv.HTTPClient()), fastRetries)
	if err != nil {
		t.Fatal(err)
	}
	return c, srv
}

// TestConformanceHTTP runs the conformance suite against Client talking to
// the simulator's signed OCI REST face: a face of its own for every client
// the suite asks for.
func TestConformanceHTTP(t *testing.T) {
	ocitest.RunConformanceTests(t, ocitest.SimHarness(func(_ context.Context, t *testing.T, w *sim.World) (oci.Network, error) {
		c, _ := overHTTP(t, w)
		return c, nil
	}))
}

// wantOCIError returns err as an *oci.Error with status and code.
func wantOCIError(t *testing.T, err error, status int, code string) *oci.Error {
	t.Helper()
	var e *oci.Error
	if !errors.As(err, &e) || e.StatusCode != status || e.Code != code {
		t.Fatalf("err = %v, want *oci.Error %d %s", err, status, code)
	}
	return e
}

// TestSDKRetries checks the retry policy NewClient installs, through the
// face: what is retried (throttling, server errors) and what is not (client
// errors, 409, authentication), counting the requests the face answered.
func TestSDKRetries(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name   string
		fault  sim.Fault
		call   func(n oci.Network) error
		kind   string // the request kind counted
		want   int    // requests the face answered
		status int    // 0: the call succeeds
		code   string
	}{
		{"429 then 200", sim.Fault{Operation: "CreateDRG", Count: 1, Kind: sim.Throttle}, func(n oci.Network) error {
			_, err := n.CreateDRG(ctx, oci.DRG{CompartmentID: ocitest.Compartment}, "tok")
			return err
		}, "POST /drgs", 2, 0, ""},
		{"429 with Retry-After then 200", sim.Fault{Operation: "GetVCN", Count: 2, Kind: sim.Throttle, RetryAfter: time.Second},
			func(n oci.Network) error { _, err := n.GetVCN(ctx, ocitest.VCN); return err }, "GET /vcns/{vcnId}", 3, 0, ""},
		{"500 twice then 200", sim.Fault{Operation: "ListDRGs", Count: 2, Kind: sim.ServerError}, func(n oci.Network) error {
			_, err := n.ListDRGs(ctx, ocitest.Compartment)
			return err
		}, "GET /drgs", 3, 0, ""},
		{"500 until the attempts run out", sim.Fault{Operation: "GetRouteTable", Count: 10, Kind: sim.ServerError},
			func(n oci.Network) error { _, err := n.GetRouteTable(ctx, ocitest.RouteTable); return err },
			"GET /routeTables/{rtId}", 4, 500, "InternalServerError"},
		{"409 IncorrectState is not retried", sim.Fault{Operation: "DeleteDRG", Count: 1, Kind: sim.Conflict},
			func(n oci.Network) error { return n.DeleteDRG(ctx, "ocid1.drg.oc1.us-ashburn-1.aaaaaaaaany") },
			"DELETE /drgs/{drgId}", 1, 409, "IncorrectState"},
		{"400 is not retried", sim.Fault{}, func(n oci.Network) error {
			_, err := n.CreateVirtualCircuit(ctx, oci.VirtualCircuit{CompartmentID: ocitest.Compartment, Type: "PUBLIC"}, "")
			return err
		}, "POST /virtualCircuits", 1, 400, "InvalidParameter"},
		{"404 is not retried", sim.Fault{}, func(n oci.Network) error {
			_, err := n.GetDRG(ctx, "ocid1.drg.oc1.us-ashburn-1.aaaaaaaanosuch")
			return err
		}, "GET /drgs/{drgId}", 1, 404, "NotAuthorizedOrNotFound"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := ocitest.NewWorld(sim.Latency{})
			c, srv := overHTTP(t, w)
			if tt.fault.Count > 0 {
				tt.fault.Cloud = sim.CloudOCI
				w.InjectFault(tt.fault)
			}
			err := tt.call(c)
			if tt.status == 0 && err != nil {
				t.Fatalf("err = %v", err)
			}
			if tt.status != 0 {
				wantOCIError(t, err, tt.status, tt.code)
			}
			if got := srv.Counts()[tt.kind]; got != tt.want {
				t.Errorf("%d %s requests, want %d (all: %s)", got, tt.kind, tt.want, ociface.FormatCounts(srv.Counts()))
			}
		})
	}
}

// TestThrottleReportsRetryAfter checks that a 429 the SDK gave up on reaches
// the caller with OCI's Retry-After, for the engine's own backoff.
func TestThrottleReportsRetryAfter(t *testing.T) {
	w := ocitest.NewWorld(sim.Latency{})
	srv := ociface.Start(t, w)
	c, err := ociclient.NewClient(srv.ConfigProvider(), ociclient.WithEndpoint(srv.URL()+"/"), ociclient.WithHTTPClient(srv.HTTPClient()),
		ociclient.WithRetryPolicy(ociclient.NewRetryPolicy(0, time.Millisecond, time.Millisecond))) // 0: a single attempt
	if err != nil {
		t.Fatal(err)
	}
	w.InjectFault(sim.Fault{Cloud: sim.CloudOCI, Operation: "GetVCN", Count: 1, Kind: sim.Throttle, RetryAfter: 1500 * time.Millisecond})
	_, err = c.GetVCN(t.Context(), ocitest.VCN)
	e := wantOCIError(t, err, 429, "TooManyRequests")
	if e.RetryAfter != 2*time.Second || !e.Retryable() || e.OpcRequestID == "" || e.Op != "GetVCN" || e.Resource != ocitest.VCN {
		t.Errorf("error = %#v, want RetryAfter 2s (whole seconds), retryable, with a request ID", e)
	}
}

// TestSignatureRejected checks that the face turns away clients that sign
// with the wrong key, and that the client reports it as a 401 it does not
// retry.
func TestSignatureRejected(t *testing.T) {
	other, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	trusted := ociface.Fingerprint(&ociface.TestKey().PublicKey)
	tests := []struct {
		name string
		cp   common.ConfigurationProvider
	}{
		{"another key under the trusted keyId", common.NewRawConfigurationProvider(ociface.TestTenancy, ociface.TestUser,
			ocitest.Region, trusted, ociface.PrivateKeyPEM(other), nil)},
		{"an unknown key", ociface.ConfigProvider(other, ocitest.Region)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := ocitest.NewWorld(sim.Latency{})
			srv := ociface.Start(t, w)
			c, err := ociclient.NewClient(tt.cp, ociclient.WithEndpoint(srv.URL()), ociclient.WithHTTPClient(srv.HTTPClient()), fastRetries)
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.CreateDRG(t.Context(), oci.DRG{CompartmentID: ocitest.Compartment}, "")
			wantOCIError(t, err, 401, "NotAuthenticated")
			if n := len(srv.Requests()); n != 1 {
				t.Errorf("%d requests, want 1 (a 401 is not retried)", n)
			}
			if calls := w.Calls(); len(calls) != 0 {
				t.Errorf("an unauthenticated request reached the world: %+v", calls)
			}
		})
	}
}

// TestRouteTableStaleETag makes another writer change the table between the
// client's read and its write: the PUT gets 412 and the client starts again
// from a fresh read, keeping both rules.
func TestRouteTableStaleETag(t *testing.T) {
	w := ocitest.NewWorld(sim.Latency{})
	c, srv := overHTTP(t, w)
	theirs := oci.RouteRule{Destination: netip.MustParsePrefix("172.16.0.0/12"),
		NetworkEntityID: "ocid1.localpeeringgateway.oc1.us-ashburn-1.aaaaaaaatheirs"}
	ours := oci.RouteRule{Destination: netip.MustParsePrefix("172.31.255.0/24"),
		NetworkEntityID: "ocid1.localpeeringgateway.oc1.us-ashburn-1.aaaaaaaaours"}
	edits := 0
	rt, err := c.UpdateRouteTable(t.Context(), ocitest.RulesTable, func(rules []oci.RouteRule) ([]oci.RouteRule, bool) {
		edits++
		if edits == 1 { // somebody else writes between our GET and our PUT
			if _, err := simworld.Of(w).ReplaceRouteRules(ocitest.RulesTable, "", append(slices.Clone(rules), theirs)); err != nil {
				t.Error(err)
			}
		}
		return append(rules, ours), true
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := []oci.RouteRule{ocitest.ForeignRule, theirs, ours}; !slices.Equal(rt.Rules, want) {
		t.Errorf("rules = %v, want %v", rt.Rules, want)
	}
	var statuses []int
	for _, r := range srv.Requests() {
		if r.Kind == "PUT /routeTables/{rtId}" {
			statuses = append(statuses, r.Status)
		}
	}
	if edits != 2 || !slices.Equal(statuses, []int{412, 200}) {
		t.Errorf("%d edits, PUT statuses %v; want 2 edits and [412 200]", edits, statuses)
	}

	// A table rewritten on every attempt: the client gives up with the 412.
	_, err = c.UpdateRouteTable(t.Context(), ocitest.RulesTable, func(rules []oci.RouteRule) ([]oci.RouteRule, bool) {
		if _, err := simworld.Of(w).ReplaceRouteRules(ocitest.RulesTable, "", rules); err != nil {
			t.Error(err)
		}
		return rules[:1], true
	})
	wantOCIError(t, err, 412, "NoEtagMatch")
}

// TestNewClientErrors checks what NewClient refuses.
func TestNewClientErrors(t *testing.T) {
	good := ociface.ConfigProvider(ociface.TestKey(), ocitest.Region)
	tests := []struct {
		name string
		cp   common.ConfigurationProvider
		opts []ociclient.Option
	}{
		{"nil provider", nil, nil},
		{"provider without a usable key", common.NewRawConfigurationProvider(ociface.TestTenancy, ociface.TestUser, ocitest.Region,
			"aa:bb", "not a key", nil), nil},
		{"endpoint with a path", good, []ociclient.Option{ociclient.WithEndpoint("https://example.com/20160918")}},
		{"endpoint of another scheme", good, []ociclient.Option{ociclient.WithEndpoint("ftp://example.com")}},
		{"endpoint without a host", good, []ociclient.Option{ociclient.WithEndpoint("https://")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if c, err := ociclient.NewClient(tt.cp, tt.opts...); err == nil {
				t.Errorf("NewClient = %v, want an error", c)
			}
		})
	}
	c, err := ociclient.NewClient(good)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Endpoint(); got != "https://iaas.us-ashburn-1.oraclecloud.com" {
		t.Errorf("default endpoint = %s", got)
	}
}

// TestContextEndsInFlight ends the caller's context while the request is
// being served: the call returns at once with the context's error (and,
// under -race, without the data race oci-go-sdk's Retry has there).
func TestContextEndsInFlight(t *testing.T) {
	w := ocitest.NewWorld(sim.Latency{Read: 5 * time.Second})
	c, _ := overHTTP(t, w)
	tests := []struct {
		name string
		ctx  func() (context.Context, context.CancelFunc)
		want error
	}{
		{"deadline", func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(t.Context(), 50*time.Millisecond)
		}, context.DeadlineExceeded},
		{"cancel", func() (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(t.Context())
			time.AfterFunc(50*time.Millisecond, cancel)
			return ctx, cancel
		}, context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := tt.ctx()
			defer cancel()
			start := time.Now()
			_, err := c.CreateDRG(ctx, oci.DRG{CompartmentID: ocitest.Compartment}, "tok")
			if !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("the call returned after %v, long after its context ended", d)
			}
		})
	}
}
