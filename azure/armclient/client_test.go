package armclient_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/fake"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/azure/armclient"
	"github.com/azoci/interconnect/azure/azuretest"
	"github.com/azoci/interconnect/sim"
	"github.com/azoci/interconnect/sim/armface"
)

const rg = azuretest.ResourceGroup

func circuit(name string) azure.Circuit {
	return azure.Circuit{Name: name, Location: azuretest.Region, SKU: azure.CircuitSKU{Tier: "Standard", Family: "MeteredData"},
		ServiceProvider: azure.OracleServiceProvider, PeeringLocation: "Washington DC", BandwidthMbps: 1000}
}

func TestNewClient(t *testing.T) {
	cred := &fake.TokenCredential{}
	tests := []struct {
		name     string
		sub      string
		cred     *fake.TokenCredential
		opts     []armclient.Option
		wantErr  bool
		wantPoll time.Duration
	}{
		{"defaults", "sub", cred, nil, false, armclient.DefaultPollFrequency},
		{"poll frequency", "sub", cred, []armclient.Option{armclient.WithPollFrequency(5 * time.Second)}, false, 5 * time.Second},
		{"zero poll frequency means the default", "sub", cred, []armclient.Option{armclient.WithPollFrequency(0)}, false, armclient.DefaultPollFrequency},
		{"no subscription", "", cred, nil, true, 0},
		{"no credential", "sub", nil, nil, true, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var c *armclient.Client
			var err error
			if tc.cred == nil {
				c, err = armclient.NewClient(tc.sub, nil, nil, tc.opts...)
			} else {
				c, err = armclient.NewClient(tc.sub, tc.cred, nil, tc.opts...)
			}
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v", err, tc.wantErr)
			}
			if err != nil {
				return
			}
			if c.SubscriptionID() != tc.sub || c.PollFrequency() != tc.wantPoll {
				t.Errorf("subscription %q, poll %s; want %q, %s", c.SubscriptionID(), c.PollFrequency(), tc.sub, tc.wantPoll)
			}
		})
	}
}

func TestDefaultCredential(t *testing.T) {
	cred, err := armclient.DefaultCredential(nil)
	if err != nil || cred == nil {
		t.Fatalf("DefaultCredential(nil) = %v, %v", cred, err)
	}
}

// TestTransientFaults: azcore's retry policy absorbs 429 and 5xx answers,
// waiting what Retry-After says when it is within the policy's limit (5s in
// the face's options); beyond it, or after its retries, the adapter returns
// the answer as a retryable *azure.Error with RetryAfter.
func TestTransientFaults(t *testing.T) {
	tests := []struct {
		name        string
		fault       sim.Fault
		call        func(ctx context.Context, c *armclient.Client) error
		wantCode    string // "" for success
		wantStatus  int
		minWait     time.Duration // the call must have honoured Retry-After
		wantAnswers int           // HTTP answers with a 429 or 5xx status
	}{
		{name: "429 with Retry-After 1s is retried after 1s",
			fault: sim.Fault{Operation: "GetCircuit", Count: 1, Kind: sim.Throttle, RetryAfter: time.Second},
			call: func(ctx context.Context, c *armclient.Client) error {
				_, err := c.GetCircuit(ctx, rg, "er")
				return err
			}, minWait: time.Second, wantAnswers: 1},
		{name: "429 on a PUT is retried",
			fault: sim.Fault{Operation: "PutPublicIP", Count: 1, Kind: sim.Throttle, RetryAfter: time.Second},
			call: func(ctx context.Context, c *armclient.Client) error {
				_, err := c.PutPublicIP(ctx, rg, azure.PublicIP{Name: "pip", Location: azuretest.Region, SKU: "Standard", Static: true})
				return err
			}, minWait: time.Second, wantAnswers: 1},
		{name: "429 without Retry-After is retried with backoff",
			fault: sim.Fault{Operation: "GetCircuit", Count: 2, Kind: sim.Throttle},
			call: func(ctx context.Context, c *armclient.Client) error {
				_, err := c.GetCircuit(ctx, rg, "er")
				return err
			}, wantAnswers: 2},
		{name: "429 asking for more than the policy waits comes back",
			fault: sim.Fault{Operation: "GetCircuit", Count: 1, Kind: sim.Throttle, RetryAfter: 30 * time.Second},
			call: func(ctx context.Context, c *armclient.Client) error {
				_, err := c.GetCircuit(ctx, rg, "er")
				return err
			}, wantCode: "TooManyRequests", wantStatus: http.StatusTooManyRequests, wantAnswers: 1},
		{name: "5xx is retried",
			fault: sim.Fault{Operation: "DeleteCircuit", Count: 2, Kind: sim.ServerError},
			call: func(ctx context.Context, c *armclient.Client) error {
				return c.DeleteCircuit(ctx, rg, "er")
			}, wantAnswers: 2},
		{name: "5xx past the retries comes back",
			fault: sim.Fault{Operation: "ListServiceProviders", Count: 10, Kind: sim.ServerError},
			call: func(ctx context.Context, c *armclient.Client) error {
				_, err := c.ListServiceProviders(ctx)
				return err
			}, wantCode: "any 5xx", wantAnswers: 4},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			w := azuretest.NewWorld(azuretest.Latency())
			if _, err := w.Azure().PutCircuit(t.Context(), rg, circuit("er")); err != nil {
				t.Fatal(err)
			}
			c, face := newHTTPClient(t, w)
			tc.fault.Cloud = sim.CloudAzure
			w.InjectFault(tc.fault)
			start := time.Now()
			err := tc.call(t.Context(), c)
			took := time.Since(start)
			switch tc.wantCode {
			case "":
				if err != nil {
					t.Fatalf("err = %v, want the retry to succeed", err)
				}
			case "any 5xx":
				var e *azure.Error
				if !errors.As(err, &e) || e.StatusCode < 500 || !e.Retryable() {
					t.Fatalf("err = %v, want a retryable 5xx *azure.Error", err)
				}
			default:
				var e *azure.Error
				if !errors.As(err, &e) || e.StatusCode != tc.wantStatus || e.Code != tc.wantCode || !e.Retryable() {
					t.Fatalf("err = %v, want a retryable %d %s", err, tc.wantStatus, tc.wantCode)
				}
				if e.RetryAfter != tc.fault.RetryAfter || e.RetryDelay() != tc.fault.RetryAfter {
					t.Errorf("RetryAfter = %s, want %s", e.RetryAfter, tc.fault.RetryAfter)
				}
			}
			if took < tc.minWait {
				t.Errorf("the call took %s: Retry-After %s was not honoured", took, tc.minWait)
			}
			st := face.Stats()
			bad := 0
			for code, n := range st.ByStatus {
				if code == http.StatusTooManyRequests || code >= 500 {
					bad += n
				}
			}
			if bad != tc.wantAnswers {
				t.Errorf("%d throttled or failed answers, want %d (%s)", bad, tc.wantAnswers, st)
			}
		})
	}
}

// TestPollHonoursRetryAfter: azcore's poller waits the Retry-After an
// operation's answers carry instead of its own frequency.
func TestPollHonoursRetryAfter(t *testing.T) {
	tests := []struct {
		name       string
		retryAfter time.Duration
		latency    time.Duration
		minPolls   int
		maxPolls   int
	}{
		{"no Retry-After: the client's frequency", 0, 300 * time.Millisecond, 10, 1000},
		{"Retry-After 1s", time.Second, 1500 * time.Millisecond, 1, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			lat := azuretest.Latency()
			lat.PublicIP = tc.latency
			w := azuretest.NewWorld(lat)
			c, face := newHTTPClient(t, w, armface.WithPollRetryAfter(tc.retryAfter))
			start := time.Now()
			p, err := c.PutPublicIP(t.Context(), rg, azure.PublicIP{Name: "pip", Location: azuretest.Region, SKU: "Standard", Static: true})
			if err != nil {
				t.Fatal(err)
			}
			if p.State != azure.Succeeded || time.Since(start) < tc.latency {
				t.Errorf("PutPublicIP returned %s after %s, before the operation ended", p.State, time.Since(start))
			}
			polls := face.Stats().ByKind[armface.KindPoll]
			t.Logf("%d polls of a %s operation with poll frequency %s and Retry-After %s", polls, tc.latency, testPoll, tc.retryAfter)
			if polls < tc.minPolls || polls > tc.maxPolls {
				t.Errorf("%d polls, want %d to %d", polls, tc.minPolls, tc.maxPolls)
			}
		})
	}
}

func TestServiceProviderPages(t *testing.T) {
	w := azuretest.NewWorld(azuretest.Latency())
	c, face := newHTTPClient(t, w, armface.WithPageSize(1))
	ps, err := c.ListServiceProviders(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 2 || face.Stats().ByKind[armface.KindGet] != 2 {
		t.Errorf("%d providers in %s, want 2 in 2 pages", len(ps), face.Stats())
	}
}

// TestGatewayConnectionPages: ListGatewayConnections follows every page of
// the list (armnetwork's NewListConnectionsPager and its nextLink).
func TestGatewayConnectionPages(t *testing.T) {
	w := azuretest.NewWorld(azuretest.Latency())
	w.AddVirtualNetwork(sim.VirtualNetwork{ResourceGroup: rg, Name: "vnet-hub", Region: azuretest.Region,
		AddressSpace: []netip.Prefix{netip.MustParsePrefix("10.60.0.0/16")},
		Subnets:      map[string]netip.Prefix{azure.GatewaySubnetName: netip.MustParsePrefix("10.60.255.0/27")}})
	gw := w.AddGateway(sim.Gateway{ResourceGroup: rg, Name: "ergw-hub", VirtualNetwork: "vnet-hub", SKU: azure.SKUErGw2AZ})
	for i, loc := range []string{"Washington DC", "Chicago", "London"} {
		w.AddCircuitConnection(sim.CircuitConnection{ResourceGroup: rg, GatewayID: gw.ID, Circuit: fmt.Sprintf("er-%d", i),
			Connection: fmt.Sprintf("conn-%d", i), PeeringLocation: loc})
	}
	c, face := newHTTPClient(t, w, armface.WithPageSize(1))
	conns, err := c.ListGatewayConnections(t.Context(), rg, "ergw-hub")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, cn := range conns {
		names = append(names, cn.Name)
	}
	if strings.Join(names, ",") != "conn-0,conn-1,conn-2" || face.Stats().ByKind[armface.KindGet] != 3 {
		t.Errorf("connections %v in %s, want conn-0, conn-1 and conn-2 in 3 pages", names, face.Stats())
	}
}

// TestCredentialError: a credential that fails is reported wrapped, naming
// the call; errors.Is finds it.
func TestCredentialError(t *testing.T) {
	w := azuretest.NewWorld(azuretest.Latency())
	face := armface.NewTLSServer(w)
	defer face.Close()
	cred := &fake.TokenCredential{}
	login := errors.New("no login")
	cred.SetError(login)
	c, err := armclient.NewClient(w.SubscriptionID(), cred, face.ClientOptions())
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetCircuit(t.Context(), rg, "er")
	if !errors.Is(err, login) || !strings.Contains(err.Error(), "GetCircuit") {
		t.Fatalf("err = %v, want the credential's error, naming GetCircuit", err)
	}
	if face.Stats().Total() != 0 {
		t.Errorf("requests were sent without a token: %s", face.Stats())
	}
}

// TestContextEnded: an ended context is the call's error.
func TestContextEnded(t *testing.T) {
	w := azuretest.NewWorld(azuretest.Latency())
	c, _ := newHTTPClient(t, w)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	calls := []func() error{
		func() error { _, err := c.GetCircuit(ctx, rg, "er"); return err },
		func() error { _, err := c.PutCircuit(ctx, rg, circuit("er")); return err },
		func() error { return c.DeleteGateway(ctx, rg, "gw") },
		func() error { _, err := c.ListARPTable(ctx, rg, "er", azure.Primary); return err },
		func() error { _, err := c.ListLearnedRoutes(ctx, rg, "gw"); return err },
		func() error { return c.DeletePrivatePeering(ctx, rg, "er") },
		func() error { _, err := c.ListServiceProviders(ctx); return err },
	}
	for i, call := range calls {
		if err := call(); err != context.Canceled {
			t.Errorf("call %d: err = %v, want context.Canceled itself", i, err)
		}
	}
}

// TestTransportError: when ARM cannot be reached the error names the call
// and the resource and wraps the transport's error.
func TestTransportError(t *testing.T) {
	w := azuretest.NewWorld(azuretest.Latency())
	c, face := newHTTPClient(t, w)
	face.Close()
	_, err := c.GetPublicIP(t.Context(), rg, "pip")
	var e *azure.Error
	if err == nil || errors.As(err, &e) {
		t.Fatalf("err = %v, want a transport error", err)
	}
	for _, want := range []string{"GetPublicIP", "/publicIPAddresses/pip"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q does not name %q", err, want)
		}
	}
	if errors.Unwrap(err) == nil {
		t.Errorf("%v wraps nothing", err)
	}
}
