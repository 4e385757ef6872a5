package ociface_test

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/oracle/oci-go-sdk/v65/common"

	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/sim"
	"github.com/azoci/interconnect/sim/ociface"
)

const (
	comp = "ocid1.compartment.oc1..aaaaaaaafacecompartment"
	vcn  = "ocid1.vcn.oc1.us-ashburn-1.aaaaaaaafacevcn"
	rt   = "ocid1.routetable.oc1.us-ashburn-1.aaaaaaaafacert"
)

// newWorld makes a world of tenancy TestTenancy, which the package-level
// ConfigProvider signs for.
func newWorld() *sim.World {
	w := sim.New(sim.WithLatency(sim.Latency{}), sim.WithTenancy(ociface.TestTenancy))
	w.AddVCN(sim.VCN{ID: vcn, CompartmentID: comp, Region: "us-ashburn-1", CIDRs: []netip.Prefix{netip.MustParsePrefix("10.20.0.0/16")},
		DefaultRouteTableID: rt})
	return w
}

// answer is a response read in full.
type answer struct {
	status int
	header http.Header
	body   []byte
}

func (a answer) json(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(a.body, v); err != nil {
		t.Fatalf("body %s: %v", a.body, err)
	}
}

// errorCode reads an OCI error body.
func (a answer) errorCode(t *testing.T) string {
	t.Helper()
	var e struct{ Code, Message string }
	a.json(t, &e)
	if e.Message == "" {
		t.Errorf("error without a message: %s", a.body)
	}
	return e.Code
}

// request builds a request to the face; body "" means none.
func request(t *testing.T, srv *ociface.Server, method, path, body string) *http.Request {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	r, err := http.NewRequest(method, srv.URL()+ociface.APIVersion+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	r.Header.Set("Date", time.Now().UTC().Format(http.TimeFormat))
	if body != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	return r
}

// sign signs r as the SDK does, with the provider's key.
func sign(t *testing.T, r *http.Request, cp common.ConfigurationProvider) *http.Request {
	t.Helper()
	if err := common.DefaultRequestSigner(cp).Sign(r); err != nil {
		t.Fatal(err)
	}
	return r
}

func do(t *testing.T, srv *ociface.Server, r *http.Request) answer {
	t.Helper()
	resp, err := srv.HTTPClient().Do(r)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Header.Get("opc-request-id") == "" {
		t.Errorf("%s %s: no opc-request-id", r.Method, r.URL.Path)
	}
	return answer{status: resp.StatusCode, header: resp.Header, body: b}
}

// TestAuthentication sends requests signed in every wrong way: each gets 401
// NotAuthenticated and never reaches the world; the right one passes.
func TestAuthentication(t *testing.T) {
	other, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	good := ociface.ConfigProvider(ociface.TestKey(), "us-ashburn-1")
	impostor := common.NewRawConfigurationProvider(ociface.TestTenancy, ociface.TestUser, "us-ashburn-1",
		ociface.Fingerprint(&ociface.TestKey().PublicKey), ociface.PrivateKeyPEM(other), nil)
	const body = `{"compartmentId":"` + comp + `","displayName":"drg-a"}`
	tests := []struct {
		name string
		req  func(t *testing.T, srv *ociface.Server) *http.Request
		want int
	}{
		{"signed by the trusted key", func(t *testing.T, srv *ociface.Server) *http.Request {
			return sign(t, request(t, srv, "POST", "/drgs", body), good)
		}, http.StatusOK},
		{"GET signed by the trusted key", func(t *testing.T, srv *ociface.Server) *http.Request {
			return sign(t, request(t, srv, "GET", "/vcns/"+vcn, ""), good)
		}, http.StatusOK},
		{"unsigned", func(t *testing.T, srv *ociface.Server) *http.Request {
			return request(t, srv, "POST", "/drgs", body)
		}, http.StatusUnauthorized},
		{"signed with the wrong key", func(t *testing.T, srv *ociface.Server) *http.Request {
			return sign(t, request(t, srv, "POST", "/drgs", body), impostor)
		}, http.StatusUnauthorized},
		{"signed with an unknown key", func(t *testing.T, srv *ociface.Server) *http.Request {
			return sign(t, request(t, srv, "GET", "/vcns/"+vcn, ""), ociface.ConfigProvider(other, "us-ashburn-1"))
		}, http.StatusUnauthorized},
		{"body altered after signing", func(t *testing.T, srv *ociface.Server) *http.Request {
			r := sign(t, request(t, srv, "POST", "/drgs", body), good)
			altered := strings.Replace(body, "drg-a", "drg-b", 1)
			r.Body, r.ContentLength = io.NopCloser(strings.NewReader(altered)), int64(len(altered))
			return r
		}, http.StatusUnauthorized},
		{"body and its hash altered after signing", func(t *testing.T, srv *ociface.Server) *http.Request {
			r := sign(t, request(t, srv, "POST", "/drgs", body), good)
			altered := strings.Replace(body, "drg-a", "drg-b", 1)
			r.Body, r.ContentLength = io.NopCloser(strings.NewReader(altered)), int64(len(altered))
			sum := sha256.Sum256([]byte(altered)) // the hash matches the new body; the signature no longer does
			r.Header.Set("X-Content-Sha256", base64.StdEncoding.EncodeToString(sum[:]))
			return r
		}, http.StatusUnauthorized},
		{"path altered after signing", func(t *testing.T, srv *ociface.Server) *http.Request {
			r := sign(t, request(t, srv, "GET", "/vcns/"+vcn, ""), good)
			r.URL.RawQuery = "x=1"
			return r
		}, http.StatusUnauthorized},
		{"body not covered by the signature", func(t *testing.T, srv *ociface.Server) *http.Request {
			r := request(t, srv, "POST", "/drgs", body)
			if err := common.RequestSignerExcludeBody(good).Sign(r); err != nil {
				t.Fatal(err)
			}
			return r
		}, http.StatusUnauthorized},
		{"Date too old", func(t *testing.T, srv *ociface.Server) *http.Request {
			r := request(t, srv, "GET", "/vcns/"+vcn, "")
			r.Header.Set("Date", time.Now().Add(-10*time.Minute).UTC().Format(http.TimeFormat))
			return sign(t, r, good)
		}, http.StatusUnauthorized},
		{"not a signature", func(t *testing.T, srv *ociface.Server) *http.Request {
			r := request(t, srv, "GET", "/vcns/"+vcn, "")
			r.Header.Set("Authorization", "Bearer abc")
			return r
		}, http.StatusUnauthorized},
		{"malformed signature", func(t *testing.T, srv *ociface.Server) *http.Request {
			r := request(t, srv, "GET", "/vcns/"+vcn, "")
			r.Header.Set("Authorization", `Signature version="1",headers="date`)
			return r
		}, http.StatusUnauthorized},
		{"another algorithm", func(t *testing.T, srv *ociface.Server) *http.Request {
			r := sign(t, request(t, srv, "GET", "/vcns/"+vcn, ""), good)
			r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "rsa-sha256", "hmac-sha256", 1))
			return r
		}, http.StatusUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld()
			srv := ociface.Start(t, w)
			a := do(t, srv, tt.req(t, srv))
			if a.status != tt.want {
				t.Fatalf("status %d, want %d: %s", a.status, tt.want, a.body)
			}
			if tt.want != http.StatusUnauthorized {
				return
			}
			if code := a.errorCode(t); code != "NotAuthenticated" {
				t.Errorf("code %s", code)
			}
			if calls := w.Calls(); len(calls) != 0 {
				t.Errorf("a rejected request reached the world: %+v", calls)
			}
			if r := srv.Requests(); len(r) != 1 || r[0].Status != 401 || r[0].Code != "NotAuthenticated" {
				t.Errorf("request log = %+v", r)
			}
		})
	}
}

// TestTrustedKeys checks WithTrustedKey and WithMaxClockSkew.
func TestTrustedKeys(t *testing.T) {
	other, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	id := ociface.KeyID(ociface.TestTenancy, ociface.TestUser, &other.PublicKey)
	srv := ociface.Start(t, newWorld(), ociface.WithTrustedKey(id, &other.PublicKey), ociface.WithMaxClockSkew(time.Hour))
	r := request(t, srv, "GET", "/vcns/"+vcn, "")
	r.Header.Set("Date", time.Now().Add(-30*time.Minute).UTC().Format(http.TimeFormat))
	if a := do(t, srv, sign(t, r, ociface.ConfigProvider(other, "us-ashburn-1"))); a.status != http.StatusOK {
		t.Errorf("status %d: %s", a.status, a.body)
	}
}

// TestWire checks the REST details clients rely on: paging, error shapes,
// headers and filters.
func TestWire(t *testing.T) {
	good := ociface.ConfigProvider(ociface.TestKey(), "us-ashburn-1")
	w := newWorld()
	srv := ociface.Start(t, w, ociface.WithPageSize(3))
	call := func(method, path, body string, headers ...string) answer {
		t.Helper()
		r := request(t, srv, method, path, body)
		for i := 0; i+1 < len(headers); i += 2 {
			r.Header.Set(headers[i], headers[i+1])
		}
		return do(t, srv, sign(t, r, good))
	}
	var ids []string
	for i := range 5 {
		a := call("POST", "/drgs", `{"compartmentId":"`+comp+`"}`, "opc-retry-token", "tok-"+string(rune('a'+i)))
		var d struct{ Id string }
		a.json(t, &d)
		ids = append(ids, d.Id)
	}
	again := call("POST", "/drgs", `{"compartmentId":"`+comp+`"}`, "opc-retry-token", "tok-a")
	var d struct{ Id string }
	if again.json(t, &d); d.Id != ids[0] {
		t.Errorf("the same opc-retry-token made %s, then %s", ids[0], d.Id)
	}

	// Pages: the page size, or a smaller limit.
	var got []string
	pages := 0
	for page := ""; ; pages++ {
		a := call("GET", "/drgs?compartmentId="+comp+"&limit=2"+page, "")
		var items []struct{ Id string }
		a.json(t, &items)
		for _, it := range items {
			got = append(got, it.Id)
		}
		next := a.header.Get("opc-next-page")
		if next == "" {
			break
		}
		page = "&page=" + next
	}
	if strings.Join(got, ",") != strings.Join(ids, ",") || pages != 2 {
		t.Errorf("paged %v in %d extra pages, want %v in 2", got, pages, ids)
	}
	if a := call("GET", "/drgs?compartmentId="+comp, ""); a.header.Get("opc-next-page") == "" {
		t.Errorf("5 DRGs with page size 3 fit one page")
	}

	errs := []struct {
		name, method, path, body string
		headers                  []string
		status                   int
		code                     string
	}{
		{"missing compartmentId", "GET", "/drgs", "", nil, 400, "MissingParameter"},
		{"bad page token", "GET", "/drgs?compartmentId=" + comp + "&page=zzz", "", nil, 400, "InvalidParameter"},
		{"bad limit", "GET", "/drgs?compartmentId=" + comp + "&limit=0", "", nil, 400, "InvalidParameter"},
		{"unknown compartment", "GET", "/drgs?compartmentId=ocid1.compartment.oc1..nope", "", nil, 404, "NotAuthorizedOrNotFound"},
		{"unserved path", "GET", "/instances", "", nil, 404, "NotAuthorizedOrNotFound"},
		{"unserved method", "PATCH", "/drgs/" + ids[0], "{}", nil, 404, "NotAuthorizedOrNotFound"},
		{"not JSON", "POST", "/drgs", "{", nil, 400, "InvalidParameter"},
		{"attachment to an IPSec tunnel", "POST", "/drgAttachments",
			`{"drgId":"` + ids[0] + `","networkDetails":{"type":"IPSEC_TUNNEL","id":"ocid1.ipsectunnel.x"}}`, nil, 400, "InvalidParameter"},
		{"delete a DRG twice deleted", "DELETE", "/drgs/ocid1.drg.oc1.us-ashburn-1.nope", "", nil, 404, "NotAuthorizedOrNotFound"},
		{"stale If-Match", "PUT", "/routeTables/" + rt, `{"routeRules":[]}`, []string{"If-Match", "stale"}, 412, "NoEtagMatch"},
		{"service CIDR rule", "PUT", "/routeTables/" + rt,
			`{"routeRules":[{"destination":"all-iad-services-in-oracle-services-network","destinationType":"SERVICE_CIDR_BLOCK","networkEntityId":"x"}]}`,
			nil, 400, "InvalidParameter"},
		{"rule without a CIDR", "PUT", "/routeTables/" + rt, `{"routeRules":[{"destination":"10.0.0.0","networkEntityId":"x"}]}`,
			nil, 400, "InvalidParameter"},
	}
	for _, e := range errs {
		t.Run(e.name, func(t *testing.T) {
			a := call(e.method, e.path, e.body, e.headers...)
			if a.status != e.status {
				t.Fatalf("status %d, want %d: %s", a.status, e.status, a.body)
			}
			if code := a.errorCode(t); code != e.code {
				t.Errorf("code %s, want %s", code, e.code)
			}
		})
	}

	// Route tables: etag, If-Match honoured, a body without rules keeps them.
	a := call("GET", "/routeTables/"+rt, "")
	etag := a.header.Get("etag")
	if etag == "" {
		t.Fatalf("GET routeTables: no etag")
	}
	body := `{"routeRules":[{"cidrBlock":"0.0.0.0/0","networkEntityId":"ocid1.internetgateway.oc1.x"}]}`
	if a = call("PUT", "/routeTables/"+rt, body, "If-Match", etag); a.status != 200 || a.header.Get("etag") == etag {
		t.Fatalf("PUT with the current etag: %d %s, etag %s", a.status, a.body, a.header.Get("etag"))
	}
	if a = call("PUT", "/routeTables/"+rt, body, "If-Match", etag); a.status != 412 {
		t.Errorf("PUT with the old etag: %d", a.status)
	}
	a = call("PUT", "/routeTables/"+rt, `{"displayName":"renamed"}`)
	var table struct {
		RouteRules []struct{ Destination string }
	}
	if a.json(t, &table); a.status != 200 || len(table.RouteRules) != 1 || table.RouteRules[0].Destination != "0.0.0.0/0" {
		t.Errorf("PUT without routeRules: %d %s", a.status, a.body)
	}

	// Injected throttling carries Retry-After in whole seconds.
	w.InjectFault(sim.Fault{Cloud: sim.CloudOCI, Operation: "GetVCN", Count: 1, Kind: sim.Throttle, RetryAfter: 1500 * time.Millisecond})
	if a = call("GET", "/vcns/"+vcn, ""); a.status != 429 || a.header.Get("Retry-After") != "2" || a.errorCode(t) != "TooManyRequests" {
		t.Errorf("throttled: %d, Retry-After %q, %s", a.status, a.header.Get("Retry-After"), a.body)
	}

	counts := srv.Counts()
	if counts["POST /drgs"] != 7 || counts["GET /drgs"] != 8 || counts["PATCH (unserved)"] != 1 {
		t.Errorf("counts = %s", ociface.FormatCounts(counts))
	}
	if n := len(srv.Requests()); len(srv.CountsSince(n)) != 0 || srv.CountsSince(n - 1)["GET /vcns/{vcnId}"] != 1 {
		t.Errorf("CountsSince is wrong")
	}
	t.Logf("requests: %s", ociface.FormatCounts(counts))
}

// TestVirtualCircuitList checks GET /virtualCircuits without a display name
// (simworld.Access.ListVirtualCircuits) and with a lifecycleState filter.
func TestVirtualCircuitList(t *testing.T) {
	good := ociface.ConfigProvider(ociface.TestKey(), "us-ashburn-1")
	w := newWorld()
	srv := ociface.Start(t, w)
	drg := w.AddDRG(sim.DRG{CompartmentID: comp})
	for _, name := range []string{"a", "b", "c"} {
		_, err := w.OCI().CreateVirtualCircuit(t.Context(), oci.VirtualCircuit{CompartmentID: comp, DisplayName: name,
			Type: oci.CircuitTypePrivate, BandwidthShapeName: "1 Gbps", GatewayID: drg.ID, ProviderServiceID: sim.AzureProviderServiceID,
			ProviderServiceKeyName: "unknown", CrossConnectMappings: []oci.CrossConnectMapping{
				{OracleBGPPeeringIP: netip.MustParsePrefix("192.168.240.1/30"), CustomerBGPPeeringIP: netip.MustParsePrefix("192.168.240.2/30")},
				{OracleBGPPeeringIP: netip.MustParsePrefix("192.168.240.5/30"), CustomerBGPPeeringIP: netip.MustParsePrefix("192.168.240.6/30")}}}, "")
		if err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		query string
		want  int
	}{
		{"", 3},
		{"&displayName=b", 1},
		{"&lifecycleState=FAILED", 3}, // an unknown key: the provider refuses at once with zero latency
		{"&lifecycleState=PROVISIONED", 0},
	}
	for _, tt := range tests {
		var all []json.RawMessage
		for page := ""; ; {
			a := do(t, srv, sign(t, request(t, srv, "GET", "/virtualCircuits?compartmentId="+comp+tt.query+page, ""), good))
			var items []json.RawMessage
			a.json(t, &items)
			all = append(all, items...)
			if next := a.header.Get("opc-next-page"); next != "" {
				page = "&page=" + next
				continue
			}
			break
		}
		if len(all) != tt.want {
			t.Errorf("GET /virtualCircuits?%s: %d items, want %d", tt.query, len(all), tt.want)
		}
	}
	if len(ociface.Kinds()) != 21 {
		t.Errorf("Kinds = %v", ociface.Kinds())
	}
}
