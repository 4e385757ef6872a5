package armclient_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/fake"
	azlog "github.com/Azure/azure-sdk-for-go/sdk/azcore/log"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/azure/armclient"
	"github.com/azoci/interconnect/azure/azuretest"
	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/secret"
	"github.com/azoci/interconnect/sim"
)

// leaks reports where a secret shows in an error or a value printed every
// way a program might print it.
func leaks(v any, secrets ...string) []string {
	var out []string
	for _, form := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
		s := fmt.Sprintf(form, v)
		for _, k := range secrets {
			if k != "" && strings.Contains(s, k) {
				out = append(out, fmt.Sprintf("%s shows %q", form, k))
			}
		}
	}
	if b, err := json.Marshal(v); err == nil {
		for _, k := range secrets {
			if k != "" && strings.Contains(string(b), k) {
				out = append(out, fmt.Sprintf("JSON shows %q", k))
			}
		}
	}
	return out
}

// TestSecretsThroughTheFace makes every error path of the calls that carry
// the service key or the BGP shared key run against the ARM face, with
// azcore's log on, and checks that neither key appears in an error, a
// returned value or the log.
func TestSecretsThroughTheFace(t *testing.T) {
	var (
		logMu sync.Mutex
		logs  strings.Builder
	)
	azlog.SetListener(func(_ azlog.Event, msg string) {
		logMu.Lock()
		defer logMu.Unlock()
		logs.WriteString(msg + "\n")
	})
	defer azlog.SetListener(nil)

	ctx := t.Context()
	w := azuretest.NewWorld(azuretest.Latency())
	c, _ := newHTTPClient(t, w)
	ckt, err := c.PutCircuit(ctx, rg, circuit("er"))
	if err != nil {
		t.Fatal(err)
	}
	serviceKey := ckt.ServiceKey.Reveal()
	azuretest.Handoff(t, w, ckt)
	const sharedKey = "hand-made-bgp-key"
	secrets := []string{serviceKey, sharedKey, azuretest.MD5Key}
	peering := azure.PrivatePeering{PeerASN: oci.OracleASN, PrimaryPrefix: netip.MustParsePrefix("192.168.240.0/30"),
		SecondaryPrefix: netip.MustParsePrefix("192.168.240.4/30"), VLAN: 300, SharedKey: sharedKey}

	calls := []struct {
		op   string
		call func() (any, error)
	}{
		{"GetCircuit", func() (any, error) { return c.GetCircuit(ctx, rg, "er") }},
		{"PutCircuit", func() (any, error) { cur, _ := c.GetCircuit(ctx, rg, "er"); return c.PutCircuit(ctx, rg, cur) }},
		{"DeleteCircuit", func() (any, error) { return nil, c.DeleteCircuit(ctx, rg, "er") }},
		{"GetPrivatePeering", func() (any, error) { return c.GetPrivatePeering(ctx, rg, "er") }},
		{"PutPrivatePeering", func() (any, error) { return c.PutPrivatePeering(ctx, rg, "er", peering) }},
		// Last: without a fault it deletes the peering (and its keys).
		{"DeletePrivatePeering", func() (any, error) { return nil, c.DeletePrivatePeering(ctx, rg, "er") }},
	}
	faults := []sim.FaultKind{0, sim.Throttle, sim.ServerError, sim.Conflict, sim.AsyncFailure}
	for _, call := range calls {
		for _, kind := range faults {
			name := call.op + "/no fault"
			if kind != 0 {
				name = call.op + "/" + kind.String()
				w.InjectFault(sim.Fault{Cloud: sim.CloudAzure, Operation: call.op, Count: 10, Kind: kind, RetryAfter: time.Minute})
			}
			t.Run(name, func(t *testing.T) {
				v, err := call.call()
				for _, l := range leaks(err, secrets...) {
					t.Errorf("error %s", l)
				}
				for _, l := range leaks(v, secrets...) {
					t.Errorf("value %s", l)
				}
			})
			for len(w.Faults()) > 0 { // use up what is left of the fault
				_, _ = call.call()
			}
		}
	}
	// Errors that the calls' own rules give, with the keys in the request.
	rules := []struct {
		name string
		call func() error
	}{
		{"a peering with a bad VLAN", func() error {
			p := peering
			p.VLAN = 5000
			_, err := c.PutPrivatePeering(ctx, rg, "er", p)
			return err
		}},
		{"a circuit bandwidth decrease", func() error {
			cur, _ := c.GetCircuit(ctx, rg, "er")
			cur.BandwidthMbps = 50
			_, err := c.PutCircuit(ctx, rg, cur)
			return err
		}},
		{"a circuit still provisioned", func() error { return c.DeleteCircuit(ctx, rg, "er") }},
	}
	for _, r := range rules {
		t.Run(r.name, func(t *testing.T) {
			err := r.call()
			if err == nil {
				t.Fatal("no error")
			}
			for _, l := range leaks(err, secrets...) {
				t.Errorf("error %s", l)
			}
		})
	}
	logMu.Lock()
	defer logMu.Unlock()
	if logs.Len() == 0 {
		t.Fatal("azcore logged nothing: the listener did not work")
	}
	for _, k := range secrets {
		if strings.Contains(logs.String(), k) {
			t.Errorf("azcore's log shows a key")
		}
	}
}

// TestSecretsAgainstAnEchoingService: even a service that echoes the
// request (and the keys it knows) into its error messages, on every kind of
// failure, cannot make a key appear in the adapter's errors: the adapter
// never uses the SDK's error text (which dumps the HTTP exchange) and
// scrubs every key the call carries.
func TestSecretsAgainstAnEchoingService(t *testing.T) {
	const (
		serviceKey = "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9"
		sharedKey  = "echo-me-if-you-can"
	)
	circuitBody := fmt.Sprintf(`{"id":"%s","name":"er","location":"eastus","sku":{"name":"Standard_MeteredData","tier":"Standard","family":"MeteredData"},
"properties":{"provisioningState":"Succeeded","serviceKey":"%s","serviceProviderProvisioningState":"Provisioned",
"serviceProviderProperties":{"serviceProviderName":"Oracle Cloud FastConnect","peeringLocation":"Washington DC","bandwidthInMbps":1000},
"peerings":[{"name":"AzurePrivatePeering","properties":{"peeringType":"AzurePrivatePeering","peerASN":31898,"vlanId":100,"sharedKey":"%s"}}]}}`,
		"/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Network/expressRouteCircuits/er", serviceKey, sharedKey)
	echo := func(body []byte) string { return fmt.Sprintf("You sent %s.", body) }
	armErr := func(w http.ResponseWriter, status int, code, msg string) {
		b, _ := json.Marshal(map[string]any{"error": map[string]string{"code": code, "message": msg}})
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write(b)
	}
	tests := []struct {
		name   string
		status int    // how PUTs are answered
		code   string // ARM code of the answer
		async  bool   // accept the PUT, then fail the operation
	}{
		{"400", http.StatusBadRequest, "InvalidRequestFormat", false},
		{"404", http.StatusNotFound, "ResourceNotFound", false},
		{"409", http.StatusConflict, "AnotherOperationInProgress", false},
		{"429", http.StatusTooManyRequests, "TooManyRequests", false},
		{"500 after retries", http.StatusInternalServerError, "InternalServerError", false},
		{"failed operation", http.StatusCreated, "InternalServerError", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var (
				ts      *httptest.Server
				mu      sync.Mutex
				lastPut []byte
			)
			ts = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				body, _ := io.ReadAll(r.Body)
				mu.Lock()
				defer mu.Unlock()
				if r.Method == http.MethodPut {
					lastPut = body
				}
				switch {
				case strings.Contains(r.URL.Path, "/operations/"):
					status, _ := json.Marshal(map[string]any{"status": "Failed",
						"error": map[string]string{"code": tc.code, "message": echo(lastPut)}})
					w.Header().Set("Content-Type", "application/json")
					_, _ = w.Write(status)
				case r.Method == http.MethodGet && strings.Contains(r.URL.Path, "/peerings/"):
					armErr(w, http.StatusNotFound, "NotFound", echo(nil))
				case r.Method == http.MethodGet:
					w.Header().Set("Content-Type", "application/json")
					_, _ = w.Write([]byte(circuitBody))
				case tc.async:
					w.Header().Set("Azure-AsyncOperation", ts.URL+"/subscriptions/sub/providers/Microsoft.Network/locations/eastus/operations/1?api-version=x")
					w.Header().Set("Content-Type", "application/json")
					w.WriteHeader(http.StatusCreated)
					_, _ = w.Write([]byte(`{}`))
				default:
					w.Header().Set("Retry-After", "60")
					armErr(w, tc.status, tc.code, echo(body))
				}
			}))
			defer ts.Close()
			c, err := armclient.NewClient("sub", &fake.TokenCredential{}, testClientOptions(ts), armclient.WithPollFrequency(testPoll))
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			cur, err := c.GetCircuit(ctx, "rg", "er")
			if err != nil || cur.ServiceKey.Reveal() != serviceKey {
				t.Fatalf("GetCircuit: %v", err)
			}
			for _, l := range leaks(cur, serviceKey, sharedKey) {
				t.Errorf("the circuit value: %s", l)
			}
			cur.BandwidthMbps = 2000
			_, errCircuit := c.PutCircuit(ctx, "rg", cur)
			_, errPeering := c.PutPrivatePeering(ctx, "rg", "er", azure.PrivatePeering{PeerASN: 31898, VLAN: 100, SharedKey: sharedKey,
				PrimaryPrefix: netip.MustParsePrefix("192.168.240.0/30"), SecondaryPrefix: netip.MustParsePrefix("192.168.240.4/30")})
			for _, err := range []error{errCircuit, errPeering} {
				var e *azure.Error
				if !errors.As(err, &e) || e.Code != tc.code || !strings.Contains(e.Message, "You sent") {
					t.Fatalf("err = %v, want the service's %s with its message", err, tc.code)
				}
				if !strings.Contains(e.Message, secret.Redacted) {
					t.Errorf("the echoed request in %q was not redacted", e.Message)
				}
				for _, l := range leaks(err, serviceKey, sharedKey) {
					t.Errorf("error %s", l)
				}
			}
		})
	}
}
