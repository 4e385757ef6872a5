package armclient_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/netip"
	"reflect"
	"testing"
	"time"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/azure/armclient"
)

// These tests feed Microsoft's examples of the site failover simulation
// (testdata/azure-rest-examples/VirtualNetworkGateway*Failover*.json) to
// the adapter. Each example answers 202 with an Azure-AsyncOperation header
// (whose status body, which the examples leave out, is ARM's usual
// {"status":"Succeeded"}), then its 200 body; the swagger adds a Location,
// from which armnetwork reads the result, as the ARM face sends.

const (
	foStatusURL = "https://management.azure.com/subscriptions/subid/providers/Microsoft.Network/locations/eastus/operations/00000000-0000-0000-0000-000000000000?api-version=2025-05-01"
	foResultURL = "https://management.azure.com/subscriptions/subid/providers/Microsoft.Network/locations/eastus/operationResults/1?api-version=2025-05-01"
	foOpPath    = "/locations/eastus/operations/00000000-0000-0000-0000-000000000000"
)

var foSucceeded = json.RawMessage(`{"status":"Succeeded"}`)

// foSteps answers a POST to path as the example does, with a Location as
// well when result is not nil (then polled for result).
func foSteps(ex example, path string, result json.RawMessage) []exchange {
	if result == nil {
		return []exchange{
			{method: http.MethodPost, path: path, status: http.StatusAccepted, header: ex.Responses["202"].Headers},
			{method: http.MethodGet, path: foOpPath, status: http.StatusOK, body: foSucceeded},
		}
	}
	return []exchange{
		{method: http.MethodPost, path: path, status: http.StatusAccepted,
			header: map[string]string{"Azure-AsyncOperation": foStatusURL, "Location": foResultURL}},
		{method: http.MethodGet, path: foOpPath, status: http.StatusOK, body: foSucceeded},
		{method: http.MethodGet, path: "/operationResults/1", status: http.StatusOK, body: result},
	}
}

// TestReferenceFailoverStartStop: the start sends the peering location as
// its query; the stop sends the example's stopParameters. Both end without
// error whether the result is the example's body ({} for the start, which
// armnetwork cannot read into its string, "" for the stop), answered at
// once, or the operation status alone.
func TestReferenceFailoverStartStop(t *testing.T) {
	start := loadExample(t, "VirtualNetworkGatewayStartSiteFailoverSimulation")
	stop := loadExample(t, "VirtualNetworkGatewayStopSiteFailoverSimulation")
	const startPath, stopPath = "/virtualNetworkGateways/ergw/startSiteFailoverTest", "/virtualNetworkGateways/ergw/stopSiteFailoverTest"
	var params azure.FailoverStop
	{
		var p struct {
			PeeringLocation         string
			WasSimulationSuccessful bool
			Details                 []struct {
				FailoverConnectionName, FailoverLocation string
				IsVerified                               bool
			}
		}
		if err := json.Unmarshal(stop.Parameters["stopParameters"], &p); err != nil {
			t.Fatal(err)
		}
		params = azure.FailoverStop{PeeringLocation: p.PeeringLocation, WasSimulationSuccessful: p.WasSimulationSuccessful}
		for _, d := range p.Details {
			params.Details = append(params.Details, azure.FailoverConnectionCheck{ConnectionName: d.FailoverConnectionName,
				Location: d.FailoverLocation, Verified: d.IsVerified})
		}
	}
	tests := []struct {
		name  string
		steps []exchange
		call  func(c *armclient.Client) error
	}{
		{"start 200", []exchange{{method: http.MethodPost, path: startPath, status: http.StatusOK, body: start.body(t, "200")}},
			func(c *armclient.Client) error {
				return c.StartSiteFailoverSimulation(context.Background(), refRG, "ergw", "Vancouver")
			}},
		{"start 202", foSteps(start, startPath, nil),
			func(c *armclient.Client) error {
				return c.StartSiteFailoverSimulation(context.Background(), refRG, "ergw", "Vancouver")
			}},
		{"start 202 with Location", foSteps(start, startPath, start.body(t, "200")),
			func(c *armclient.Client) error {
				return c.StartSiteFailoverSimulation(context.Background(), refRG, "ergw", "Vancouver")
			}},
		{"stop 202 with Location", foSteps(stop, stopPath, stop.body(t, "200")),
			func(c *armclient.Client) error {
				return c.StopSiteFailoverSimulation(context.Background(), refRG, "ergw", params)
			}},
		{"stop 202", foSteps(stop, stopPath, nil),
			func(c *armclient.Client) error {
				return c.StopSiteFailoverSimulation(context.Background(), refRG, "ergw", params)
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newScript(t, tc.steps...)
			if err := tc.call(newScriptClient(t, refSub, s)); err != nil {
				t.Fatal(err)
			}
			post := s.requests(http.MethodPost)[0]
			switch {
			case post.path[len(post.path)-len(startPath):] == startPath:
				if got := post.query.Get("peeringLocation"); got != "Vancouver" {
					t.Errorf("start sent peeringLocation %q", got)
				}
			default:
				if !equalJSON(t, post.body, stop.Parameters["stopParameters"]) {
					t.Errorf("stop sent %s, want the example's %s", post.body, stop.Parameters["stopParameters"])
				}
			}
		})
	}
}

// TestReferenceFailoverReads: the two reads send their query parameters and
// read the example's empty list; a list of one test, with every field of the
// swagger's models, reads into the library's types.
func TestReferenceFailoverReads(t *testing.T) {
	all := loadExample(t, "VirtualNetworkGatewayGetFailoverAllTestsDetails")
	single := loadExample(t, "VirtualNetworkGatewayGetFailoverSingleTestDetails")
	const allPath, singlePath = "/virtualNetworkGateways/ergw/getFailoverAllTestsDetails", "/virtualNetworkGateways/ergw/getFailoverSingleTestDetails"
	ctx := context.Background()

	for _, result := range []json.RawMessage{all.body(t, "200"), nil} {
		s := newScript(t, foSteps(all, allPath, result)...)
		got, err := newScriptClient(t, refSub, s).ListFailoverTests(ctx, refRG, "ergw", azure.SingleSiteFailover, true)
		if result == nil {
			// Without a Location armnetwork reads the operation status as the
			// result, which is no list.
			if err == nil {
				t.Errorf("a result read from the operation status gave %+v", got)
			}
			continue
		}
		if err != nil || got == nil || len(got) != 0 {
			t.Errorf("ListFailoverTests = %+v, %v, want the example's empty list", got, err)
		}
		q := s.requests(http.MethodPost)[0].query
		if q.Get("type") != "SingleSiteFailover" || q.Get("fetchLatest") != "true" {
			t.Errorf("query %v, want the example's type and fetchLatest", q)
		}
	}

	oneTest := json.RawMessage(`[{"testGuid":"fe458ae8-d2ae-4520-a104-44bc233bde7e","peeringLocation":"Vancouver","testType":"SingleSiteFailover",
		"status":"Running","startTime":"2025-11-20T10:00:00Z","issues":["a circuit is under maintenance"],
		"circuits":[{"name":"er1","nrpResourceUri":"/subscriptions/subid/resourceGroups/rg1/providers/Microsoft.Network/expressRouteCircuits/er1","connectionName":"conn1"}],
		"connections":[{"name":"conn1","nrpResourceUri":"/subscriptions/subid/resourceGroups/rg1/providers/Microsoft.Network/connections/conn1","status":"Disconnected","lastUpdatedTime":"2025-11-20T10:00:15.1234567Z"}]}]`)
	s := newScript(t, foSteps(all, allPath, oneTest)...)
	got, err := newScriptClient(t, refSub, s).ListFailoverTests(ctx, refRG, "ergw", azure.FailoverTestsAll, false)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2025, 11, 20, 10, 0, 0, 0, time.UTC)
	want := []azure.FailoverTest{{ID: "fe458ae8-d2ae-4520-a104-44bc233bde7e", PeeringLocation: "Vancouver", Type: azure.SingleSiteFailover,
		Status: azure.FailoverRunning, StartTime: start, Issues: []string{"a circuit is under maintenance"},
		Circuits: []azure.FailoverCircuit{{Name: "er1", ID: refID("expressRouteCircuits", "er1"), ConnectionName: "conn1"}},
		Connections: []azure.FailoverConnection{{Name: "conn1", ID: refID("connections", "conn1"), Status: azure.FailoverDisconnected,
			LastUpdated: start.Add(15*time.Second + 123456700)}}}}
	if !sameJSON(t, got, want) {
		t.Errorf("ListFailoverTests =\n%+v\nwant\n%+v", got, want)
	}
	if q := s.requests(http.MethodPost)[0].query; q.Get("type") != "All" || q.Get("fetchLatest") != "false" {
		t.Errorf("query %v", q)
	}

	s = newScript(t, foSteps(single, singlePath, single.body(t, "200"))...)
	details, err := newScriptClient(t, refSub, s).GetFailoverTestDetails(ctx, refRG, "ergw", "Vancouver", "fe458ae8-d2ae-4520-a104-44bc233bde7e")
	if err != nil || details == nil || len(details) != 0 {
		t.Errorf("GetFailoverTestDetails = %+v, %v, want the example's empty list", details, err)
	}
	if q := s.requests(http.MethodPost)[0].query; q.Get("peeringLocation") != "Vancouver" || q.Get("failoverTestId") != "fe458ae8-d2ae-4520-a104-44bc233bde7e" {
		t.Errorf("query %v, want the example's", q)
	}

	oneDetail := json.RawMessage(`[{"peeringLocation":"Vancouver","status":"Completed","startTimeUtc":"2025-11-20T10:00:00Z","endTimeUtc":"2025-11-20T10:30:00Z",
		"redundantRoutes":[{"peeringLocations":["Vancouver","Seattle"],"routes":["10.20.0.0/16"]}],"nonRedundantRoutes":["10.30.0.0/16","not a route"],
		"wasSimulationSuccessful":true,"failoverConnectionDetails":[{"failoverConnectionName":"conn2","failoverLocation":"Seattle","isVerified":true}]}]`)
	s = newScript(t, foSteps(single, singlePath, oneDetail)...)
	details, err = newScriptClient(t, refSub, s).GetFailoverTestDetails(ctx, refRG, "ergw", "Vancouver", "id")
	if err != nil {
		t.Fatal(err)
	}
	wantDetails := []azure.FailoverTestDetails{{PeeringLocation: "Vancouver", Status: azure.FailoverCompleted, StartTime: start, EndTime: start.Add(30 * time.Minute),
		RedundantRoutes:         []azure.FailoverRedundantRoutes{{PeeringLocations: []string{"Vancouver", "Seattle"}, Routes: []netip.Prefix{netip.MustParsePrefix("10.20.0.0/16")}}},
		NonRedundantRoutes:      []netip.Prefix{netip.MustParsePrefix("10.30.0.0/16")},
		WasSimulationSuccessful: true, FailoverConnections: []azure.FailoverConnectionCheck{{ConnectionName: "conn2", Location: "Seattle", Verified: true}}}}
	if !sameJSON(t, details, wantDetails) {
		t.Errorf("GetFailoverTestDetails =\n%+v\nwant\n%+v", details, wantDetails)
	}
}

// equalJSON reports whether two JSON texts hold the same value, whatever
// the order of their keys.
func equalJSON(t *testing.T, a, b []byte) bool {
	t.Helper()
	var va, vb any
	if err := json.Unmarshal(a, &va); err != nil {
		t.Fatalf("%s: %v", a, err)
	}
	if err := json.Unmarshal(b, &vb); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	return reflect.DeepEqual(va, vb)
}
