package armface_test

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/network/armnetwork/v9"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/azure/azuretest"
	"github.com/azoci/interconnect/sim"
	"github.com/azoci/interconnect/sim/armface"
)

// twoSites seeds a face's world with the suite's GatewaySubnet, a public IP,
// an ExpressRoute gateway "ergw" connected ("conn", "conn2") to circuits
// "er" and "er2" at Washington DC and Washington DC2, both provisioned by
// Oracle on one DRG.
func twoSites(t *testing.T, w *sim.World) {
	t.Helper()
	ctx, az := t.Context(), w.Azure()
	if _, err := az.PutSubnet(ctx, rg, azuretest.VirtualNetwork, azure.Subnet{Name: azure.GatewaySubnetName, Prefix: mustPrefix("10.10.255.0/27")}); err != nil {
		t.Fatal(err)
	}
	pip, err := az.PutPublicIP(ctx, rg, azure.PublicIP{Name: "pip", Location: azuretest.Region, SKU: "Standard", Static: true})
	if err != nil {
		t.Fatal(err)
	}
	gw, err := az.PutGateway(ctx, rg, azure.Gateway{Name: "ergw", Location: azuretest.Region, GatewayType: azure.GatewayTypeExpressRoute,
		SKU: azure.SKUErGw3AZ, SubnetID: path("virtualNetworks/" + azuretest.VirtualNetwork + "/subnets/GatewaySubnet"), PublicIPID: pip.ID})
	if err != nil {
		t.Fatal(err)
	}
	var circuits []azure.Circuit
	for name, loc := range map[string]string{"er": "Washington DC", "er2": azuretest.SecondPeeringLocation} {
		c, err := az.PutCircuit(ctx, rg, azure.Circuit{Name: name, Location: azuretest.Region, SKU: azure.CircuitSKU{Tier: "Standard", Family: "MeteredData"},
			ServiceProvider: azure.OracleServiceProvider, PeeringLocation: loc, BandwidthMbps: 1000})
		if err != nil {
			t.Fatal(err)
		}
		circuits = append(circuits, c)
	}
	azuretest.HandoffSites(t, w, circuits...)
	for _, c := range circuits {
		name := "conn" + strings.TrimPrefix(c.Name, "er")
		if _, err := az.PutConnection(ctx, rg, azure.Connection{Name: name, Location: azuretest.Region, GatewayID: gw.ID, CircuitID: c.ID}); err != nil {
			t.Fatal(err)
		}
	}
}

// query adds query parameters to a request.
func query(kv ...string) func(*http.Request) {
	return func(r *http.Request) {
		q := r.URL.Query()
		for i := 0; i+1 < len(kv); i += 2 {
			q.Set(kv[i], kv[i+1])
		}
		r.URL.RawQuery = q.Encode()
	}
}

// accepted checks a 202 with the Azure-AsyncOperation of Microsoft's
// example and the Location of the swagger, and returns both URLs.
func accepted(t *testing.T, resp *http.Response, body []byte) (status, result string) {
	t.Helper()
	status, result = resp.Header.Get("Azure-AsyncOperation"), resp.Header.Get("Location")
	if resp.StatusCode != http.StatusAccepted || !strings.Contains(status, "/operations/") || !strings.Contains(result, "/operationResults/") {
		t.Fatalf("%d %s, Azure-AsyncOperation %q, Location %q; want 202 with both", resp.StatusCode, body, status, result)
	}
	return status, result
}

// exampleBody is the 200 body of one of Microsoft's failover examples.
func exampleBody(t *testing.T, name string) json.RawMessage {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(examples, name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var e struct {
		Responses map[string]struct{ Body json.RawMessage }
	}
	if err := json.Unmarshal(b, &e); err != nil {
		t.Fatal(err)
	}
	return e.Responses["200"].Body
}

// TestFailoverActions: the four POSTs of a site failover simulation in the
// shapes of Microsoft's examples: 202 with Azure-AsyncOperation and
// Location, the operation InProgress until the world's test is Running
// (Completed for the stop), then the example's body from the Location.
func TestFailoverActions(t *testing.T) {
	lat := azuretest.Latency()
	lat.Failover = 200 * time.Millisecond
	w, face, c := newFace(t, lat)
	twoSites(t, w)
	gw := "virtualNetworkGateways/ergw/"
	before := face.Stats()

	resp, body := c.do(http.MethodPost, path(gw+"startSiteFailoverTest"), "", query("peeringLocation", "Washington DC"))
	status, result := accepted(t, resp, body)
	if _, b := c.do(http.MethodGet, status, ""); field(t, b, "status") != "InProgress" {
		t.Errorf("operation status while Starting: %s", b)
	}
	if r, b := c.do(http.MethodGet, result, ""); r.StatusCode != http.StatusAccepted {
		t.Errorf("Location while Starting: %d %s, want 202", r.StatusCode, b)
	}
	c.pollUntil(status, func(_ *http.Response, b []byte) bool { return field(t, b, "status") == "Succeeded" })
	if r, b := c.do(http.MethodGet, result, ""); r.StatusCode != http.StatusOK || string(b) != string(exampleBody(t, "VirtualNetworkGatewayStartSiteFailoverSimulation")) {
		t.Errorf("Location once Running: %d %s, want 200 with the example's body", r.StatusCode, b)
	}

	// The list of tests, read as armnetwork reads it.
	resp, body = c.do(http.MethodPost, path(gw+"getFailoverAllTestsDetails"), "", query("type", "SingleSiteFailover", "fetchLatest", "true"))
	_, result = accepted(t, resp, body)
	_, body = c.do(http.MethodGet, result, "")
	var tests armnetwork.VirtualNetworkGatewaysClientGetFailoverAllTestDetailsResponse
	if err := json.Unmarshal(body, &tests); err != nil || len(tests.ExpressRouteFailoverTestDetailsArray) != 1 {
		t.Fatalf("tests %s: %v", body, err)
	}
	test := tests.ExpressRouteFailoverTestDetailsArray[0]
	if *test.Status != armnetwork.FailoverTestStatusRunning || *test.PeeringLocation != "Washington DC" || *test.TestType != armnetwork.FailoverTestTypeSingleSiteFailover ||
		len(test.Connections) != 1 || *test.Connections[0].Status != armnetwork.FailoverConnectionStatusDisconnected || test.StartTime == nil || test.EndTime != nil {
		t.Errorf("the running test: %s", body)
	}
	if _, err := time.Parse(time.RFC3339Nano, *test.StartTime); err != nil {
		t.Errorf("startTime %q: %v", *test.StartTime, err)
	}

	resp, body = c.do(http.MethodPost, path(gw+"getFailoverSingleTestDetails"), "",
		query("peeringLocation", "Washington DC", "failoverTestId", *test.TestGUID))
	_, result = accepted(t, resp, body)
	_, body = c.do(http.MethodGet, result, "")
	var details armnetwork.VirtualNetworkGatewaysClientGetFailoverSingleTestDetailsResponse
	if err := json.Unmarshal(body, &details); err != nil || len(details.ExpressRouteFailoverSingleTestDetailsArray) != 1 {
		t.Fatalf("details %s: %v", body, err)
	}
	d := details.ExpressRouteFailoverSingleTestDetailsArray[0]
	if *d.Status != armnetwork.FailoverTestStatusForSingleTestRunning || len(d.RedundantRoutes) != 1 || *d.RedundantRoutes[0].Routes[0] != "10.20.0.0/16" {
		t.Errorf("details: %s", body)
	}

	// A second start is refused at once.
	resp, body = c.do(http.MethodPost, path(gw+"startSiteFailoverTest"), "", query("peeringLocation", azuretest.SecondPeeringLocation))
	if code := armError(t, resp, body, http.StatusConflict); code != "FailoverTestAlreadyInProgress" {
		t.Errorf("a second start: %s", code)
	}

	stop := `{"peeringLocation":"Washington DC","wasSimulationSuccessful":true,"details":[{"failoverConnectionName":"conn2","failoverLocation":"Washington DC2","isVerified":true}]}`
	resp, body = c.do(http.MethodPost, path(gw+"stopSiteFailoverTest"), stop)
	status, result = accepted(t, resp, body)
	c.pollUntil(status, func(_ *http.Response, b []byte) bool { return field(t, b, "status") == "Succeeded" })
	if r, b := c.do(http.MethodGet, result, ""); r.StatusCode != http.StatusOK || string(b) != string(exampleBody(t, "VirtualNetworkGatewayStopSiteFailoverSimulation")) {
		t.Errorf("Location once Completed: %d %s, want 200 with the example's body", r.StatusCode, b)
	}
	got := must(w.Azure().GetFailoverTestDetails(t.Context(), rg, "ergw", "Washington DC", *test.TestGUID))
	if got[0].Status != azure.FailoverCompleted || !got[0].WasSimulationSuccessful || len(got[0].FailoverConnections) != 1 ||
		!got[0].FailoverConnections[0].Verified || got[0].FailoverConnections[0].ConnectionName != "conn2" {
		t.Errorf("the world after the stop: %+v", got[0])
	}
	if d := face.Stats().Sub(before); d.ByKind[armface.KindPost] != 5 {
		t.Errorf("counted %s, want 5 POSTs (start, the two reads, the refused start, stop)", d)
	}
}

// TestFailoverActionErrors: what the face refuses before the world sees it,
// and a failed start polled Failed with the world's code.
func TestFailoverActionErrors(t *testing.T) {
	w, _, c := newFace(t, azuretest.Latency())
	twoSites(t, w)
	gw := "virtualNetworkGateways/ergw/"
	resp, body := c.do(http.MethodPost, path(gw+"getFailoverAllTestsDetails"), "", query("type", "All", "fetchLatest", "sometimes"))
	if code := armError(t, resp, body, http.StatusBadRequest); code != "InvalidQueryParameterValue" {
		t.Errorf("fetchLatest=sometimes: %s", code)
	}
	resp, body = c.do(http.MethodGet, path(gw+"startSiteFailoverTest"), "")
	if code := armError(t, resp, body, http.StatusMethodNotAllowed); code != "MethodNotAllowed" {
		t.Errorf("GET of an action: %s", code)
	}
	resp, body = c.do(http.MethodPost, path(gw+"stopSiteFailoverTest"), "")
	if code := armError(t, resp, body, http.StatusBadRequest); code != "InvalidRequestContent" {
		t.Errorf("a stop without a body: %s", code)
	}
	resp, body = c.do(http.MethodPost, path("virtualNetworkGateways/nope/startSiteFailoverTest"), "", query("peeringLocation", "Washington DC"))
	if code := armError(t, resp, body, http.StatusNotFound); code != "ResourceNotFound" {
		t.Errorf("a start on a missing gateway: %s", code)
	}

	w.InjectFault(sim.Fault{Cloud: sim.CloudAzure, Operation: "StartSiteFailoverSimulation", Count: 1, Kind: sim.AsyncFailure, Code: "CircuitUnderMaintenance"})
	resp, body = c.do(http.MethodPost, path(gw+"startSiteFailoverTest"), "", query("peeringLocation", "Washington DC"))
	status, result := accepted(t, resp, body)
	_, body, _ = c.pollUntil(status, func(_ *http.Response, b []byte) bool { return field(t, b, "status") != "InProgress" })
	if field(t, body, "status") != "Failed" || field(t, body, "error", "code") != "CircuitUnderMaintenance" {
		t.Errorf("operation status of a failed start: %s", body)
	}
	resp, body = c.do(http.MethodGet, result, "")
	if code := armError(t, resp, body, http.StatusInternalServerError); code != "CircuitUnderMaintenance" {
		t.Errorf("Location of a failed start: %s", code)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
