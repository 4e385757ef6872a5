package ociclient_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/oci/ociclient"
	"github.com/azoci/interconnect/oci/ocitest"
	"github.com/azoci/interconnect/sim/ociface"
)

// fakeOCI is a hand-written OCI endpoint for what the simulator cannot do:
// hold rules the library cannot represent, and echo secrets in its errors.
type fakeOCI struct {
	mu    sync.Mutex
	puts  []string // bodies of PUT /routeTables
	table string   // the route table's JSON
}

func (f *fakeOCI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	body, _ := io.ReadAll(r.Body)
	w.Header().Set("opc-request-id", "fake-1")
	w.Header().Set("Content-Type", "application/json")
	switch {
	case r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/20160918/routeTables/"):
		w.Header().Set("etag", "etag-1")
		_, _ = io.WriteString(w, f.table)
	case r.Method == http.MethodPut && strings.HasPrefix(r.URL.Path, "/20160918/routeTables/"):
		f.puts = append(f.puts, string(body))
		w.Header().Set("etag", "etag-2")
		_, _ = w.Write(body) // echoes {"routeRules": [...]} as the table
	case r.Method == http.MethodPost && r.URL.Path == "/20160918/virtualCircuits":
		// A careless service that quotes the whole request in its error.
		w.WriteHeader(http.StatusBadRequest)
		_ = json.NewEncoder(w).Encode(map[string]string{"code": "InvalidParameter", "message": "cannot use " + string(body)})
	default:
		w.WriteHeader(http.StatusNotFound)
		_, _ = io.WriteString(w, `{"code":"NotAuthorizedOrNotFound","message":"no"}`)
	}
}

func newFake(t *testing.T, f *fakeOCI) *ociclient.Client {
	t.Helper()
	srv := httptest.NewTLSServer(f)
	t.Cleanup(srv.Close)
	c, err := ociclient.NewClient(ociface.ConfigProvider(ociface.TestKey(), ocitest.Region), ociclient.WithEndpoint(srv.URL),
		ociclient.WithHTTPClient(srv.Client()), fastRetries)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestUpdateKeepsServiceRules checks over HTTP that a service gateway rule,
// which RouteRule cannot hold, is written back unchanged.
func TestUpdateKeepsServiceRules(t *testing.T) {
	f := &fakeOCI{table: `{"id":"rt","compartmentId":"c","vcnId":"v","lifecycleState":"AVAILABLE","routeRules":[
		{"destination":"all-iad-services-in-oracle-services-network","destinationType":"SERVICE_CIDR_BLOCK","networkEntityId":"ocid1.servicegateway.oc1.x"},
		{"destination":"0.0.0.0/0","destinationType":"CIDR_BLOCK","networkEntityId":"ocid1.internetgateway.oc1.x","routeType":"STATIC"}]}`}
	c := newFake(t, f)
	got, err := c.GetRouteTable(t.Context(), "rt")
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Rules) != 1 || got.ETag != "etag-1" {
		t.Fatalf("GetRouteTable = %+v, want the one CIDR rule", got)
	}
	added := oci.RouteRule{Destination: netip.MustParsePrefix("10.10.0.0/16"), NetworkEntityID: "ocid1.drg.oc1.x"}
	rt, err := c.UpdateRouteTable(t.Context(), "rt", func(r []oci.RouteRule) ([]oci.RouteRule, bool) { return append(r, added), true })
	if err != nil {
		t.Fatal(err)
	}
	if len(f.puts) != 1 {
		t.Fatalf("%d PUTs", len(f.puts))
	}
	var sent struct {
		RouteRules []map[string]string `json:"routeRules"`
	}
	if err := json.Unmarshal([]byte(f.puts[0]), &sent); err != nil {
		t.Fatal(err)
	}
	var dests []string
	for _, r := range sent.RouteRules {
		dests = append(dests, r["destination"]+"|"+r["destinationType"]+"|"+r["routeType"])
	}
	want := []string{"0.0.0.0/0|CIDR_BLOCK|STATIC", "10.10.0.0/16|CIDR_BLOCK|", "all-iad-services-in-oracle-services-network|SERVICE_CIDR_BLOCK|"}
	if strings.Join(dests, " ") != strings.Join(want, " ") {
		t.Errorf("PUT rules = %v, want %v", dests, want)
	}
	if rt.ETag != "etag-2" || len(rt.Rules) != 2 {
		t.Errorf("UpdateRouteTable = %+v", rt)
	}
}

// TestSecretsNeverInErrors makes OCI quote the request, service key and MD5
// keys included, in its error message: the error must not show them.
func TestSecretsNeverInErrors(t *testing.T) {
	c := newFake(t, &fakeOCI{})
	const key, md5 = "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9", "m5d-k3y-value"
	vc := oci.VirtualCircuit{CompartmentID: ocitest.Compartment, Type: oci.CircuitTypePrivate, ProviderServiceKeyName: key,
		CrossConnectMappings: []oci.CrossConnectMapping{{OracleBGPPeeringIP: netip.MustParsePrefix("192.168.240.1/30"),
			CustomerBGPPeeringIP: netip.MustParsePrefix("192.168.240.2/30"), BGPMD5AuthKey: md5}}}
	_, err := c.CreateVirtualCircuit(t.Context(), vc, "")
	e := wantOCIError(t, err, 400, "InvalidParameter")
	if !strings.Contains(e.Message, "192.168.240.1/30") {
		t.Fatalf("the fake did not echo the request: %q", e.Message)
	}
	for _, s := range []string{err.Error(), e.Message} {
		if strings.Contains(s, key) || strings.Contains(s, md5) {
			t.Errorf("error shows a secret: %s", s)
		}
	}
}

func TestConfigProvider(t *testing.T) {
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "key.pem")
	if err := os.WriteFile(keyFile, []byte(ociface.PrivateKeyPEM(ociface.TestKey())), 0o600); err != nil {
		t.Fatal(err)
	}
	fp := ociface.Fingerprint(&ociface.TestKey().PublicKey)
	config := filepath.Join(dir, "config")
	text := "[DEFAULT]\nuser=" + ociface.TestUser + "\nfingerprint=" + fp + "\ntenancy=" + ociface.TestTenancy +
		"\nregion=us-ashburn-1\nkey_file=" + keyFile + "\n\n[FRANKFURT]\nregion=eu-frankfurt-1\n"
	if err := os.WriteFile(config, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		profile, wantRegion string
	}{
		{"", "us-ashburn-1"},
		{"DEFAULT", "us-ashburn-1"},
		{"FRANKFURT", "eu-frankfurt-1"}, // the rest comes from DEFAULT
	}
	for _, tt := range tests {
		cp, err := ociclient.ConfigProvider(config, tt.profile)
		if err != nil {
			t.Fatalf("profile %q: %v", tt.profile, err)
		}
		if r, _ := cp.Region(); r != tt.wantRegion {
			t.Errorf("profile %q: region %s, want %s", tt.profile, r, tt.wantRegion)
		}
		if id, _ := cp.KeyID(); id != ociface.TestKeyID() {
			t.Errorf("profile %q: keyId %s", tt.profile, id)
		}
	}
	broken := filepath.Join(dir, "broken")
	if err := os.WriteFile(broken, []byte("[DEFAULT]\nregion=us-ashburn-1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{broken, filepath.Join(dir, "missing")} {
		if _, err := ociclient.ConfigProvider(path, "DEFAULT"); err == nil || !strings.Contains(err.Error(), path) {
			t.Errorf("ConfigProvider(%s) = %v, want an error naming the file", path, err)
		}
	}
}
