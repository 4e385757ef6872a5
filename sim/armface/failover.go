package armface

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/to"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/network/armnetwork/v9"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/internal/simworld"
)

// This file: a gateway's site failover simulation (ExpressRoute resiliency
// validation), four POST actions on
// .../virtualNetworkGateways/{gateway}/{action} that ARM runs as long-running
// operations, in the shapes of Microsoft's examples
// (azure-rest-api-specs specification/network/resource-manager/Microsoft.Network/Network/stable/2025-05-01/examples/VirtualNetworkGatewayStartSiteFailoverSimulation.json,
// ...StopSiteFailoverSimulation.json, ...GetFailoverAllTestsDetails.json and,
// 2025-03-01, ...GetFailoverSingleTestDetails.json): 202 with an
// Azure-AsyncOperation header, and, as the 2025-05-01 swagger's 202 headers
// and its final-state-via "location" have it (armnetwork reads the result
// from there), a Location; the Location then answers 200 with the example's
// body: {} for a start, "" for a stop, the array of test details for the
// two reads.
//
//	POST .../startSiteFailoverTest?peeringLocation=
//	POST .../stopSiteFailoverTest           (body ExpressRouteFailoverStopAPIParameters)
//	POST .../getFailoverAllTestsDetails?type=&fetchLatest=
//	POST .../getFailoverSingleTestDetails?peeringLocation=&failoverTestId=
//
// A start or stop polls InProgress until the world's test is Running
// (Completed for a stop), and Failed with the world's code when it ended
// StartFailed (StopFailed). Refusals are the world's errors, answered at
// once.

const (
	actionStart  = "startSiteFailoverTest"
	actionStop   = "stopSiteFailoverTest"
	actionAll    = "getFailoverAllTestsDetails"
	actionSingle = "getFailoverSingleTestDetails"
)

func isFailoverAction(name string) bool {
	for _, a := range []string{actionStart, actionStop, actionAll, actionSingle} {
		if eq(name, a) {
			return true
		}
	}
	return false
}

// The final bodies of a start and a stop, as Microsoft's examples show them.
var (
	startResult = []byte(`{}`)
	stopResult  = []byte(`""`)
)

// serveFailover serves one failover action.
func (s *Server) serveFailover(ctx context.Context, rw http.ResponseWriter, r *http.Request, rt route, body []byte) {
	rg, gw, q := rt.rg, rt.names[0], r.URL.Query()
	gwID := armID(s.w.SubscriptionID(), rg, "virtualNetworkGateways", gw)
	switch action := rt.names[1]; {
	case eq(action, actionStart):
		loc := q.Get("peeringLocation")
		if err := s.az.StartSiteFailoverSimulation(ctx, rg, gw, loc); err != nil {
			writeError(rw, err)
			return
		}
		s.acceptFailover(rw, r, rt, opFailoverStart, gwID, loc, startResult)
	case eq(action, actionStop):
		in, err := decode[armnetwork.ExpressRouteFailoverStopAPIParameters](body, gwID)
		if err != nil {
			writeError(rw, err)
			return
		}
		stop := failoverStopFromARM(in)
		if err := s.az.StopSiteFailoverSimulation(ctx, rg, gw, stop); err != nil {
			writeError(rw, err)
			return
		}
		s.acceptFailover(rw, r, rt, opFailoverStop, gwID, stop.PeeringLocation, stopResult)
	case eq(action, actionAll):
		latest, err := strconv.ParseBool(q.Get("fetchLatest"))
		if err != nil {
			writeARMError(rw, http.StatusBadRequest, "InvalidQueryParameterValue",
				"The value '"+q.Get("fetchLatest")+"' of query parameter 'fetchLatest' is not a boolean.")
			return
		}
		tests, err := s.az.ListFailoverTests(ctx, rg, gw, azure.FailoverTestType(q.Get("type")), latest)
		if err != nil {
			writeError(rw, err)
			return
		}
		s.acceptList(rw, r, rt, failoverTestsToARM(tests), true)
	case eq(action, actionSingle):
		details, err := s.az.GetFailoverTestDetails(ctx, rg, gw, q.Get("peeringLocation"), q.Get("failoverTestId"))
		if err != nil {
			writeError(rw, err)
			return
		}
		s.acceptList(rw, r, rt, failoverDetailsToARM(details), true)
	}
}

// acceptFailover answers an accepted start or stop: 202 with the
// Azure-AsyncOperation and Location URLs of an operation that follows the
// world's latest test at the location.
func (s *Server) acceptFailover(rw http.ResponseWriter, r *http.Request, rt route, kind opKind, gwID, location string, result []byte) {
	op := &operation{id: s.newID(), kind: kind, resource: gwID, result: result,
		testID: simworld.Of(s.w).AzureLatestFailoverTest(gwID, location)}
	s.mu.Lock()
	s.ops[op.id] = op
	s.mu.Unlock()
	rw.Header().Set("Azure-AsyncOperation", s.opURL(r, rt, "", "operations", op.id))
	rw.Header().Set("Location", s.opURL(r, rt, "", "operationResults", op.id))
	s.retryAfter(rw)
	rw.WriteHeader(http.StatusAccepted)
}

// failoverStatus reads a start's or stop's status from the world.
func (s *Server) failoverStatus(op *operation) (armnetwork.NetworkOperationStatus, *azure.Error) {
	done, err := simworld.Of(s.w).AzureFailoverTestState(op.resource, op.testID, op.kind == opFailoverStop)
	var e *azure.Error
	switch {
	case err != nil && errors.As(err, &e):
		return armnetwork.NetworkOperationStatusFailed, e
	case err != nil:
		return armnetwork.NetworkOperationStatusFailed, &azure.Error{StatusCode: http.StatusInternalServerError,
			Code: "InternalServerError", Message: "An error occurred."}
	case !done:
		return armnetwork.NetworkOperationStatusInProgress, nil
	}
	return armnetwork.NetworkOperationStatusSucceeded, nil
}

// timeToARM writes a test time as RFC 3339 in UTC, with its fraction of a
// second; nil for the zero time.
func timeToARM(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	return to.Ptr(t.UTC().Format(time.RFC3339Nano))
}

func strPtrs[T ~string](in []T) []*string {
	out := make([]*string, 0, len(in))
	for _, s := range in {
		out = append(out, to.Ptr(string(s)))
	}
	return out
}

func prefixPtrs[T interface{ String() string }](in []T) []*string {
	out := make([]*string, 0, len(in))
	for _, p := range in {
		out = append(out, to.Ptr(p.String()))
	}
	return out
}

func failoverTestsToARM(tests []azure.FailoverTest) []*armnetwork.ExpressRouteFailoverTestDetails {
	out := make([]*armnetwork.ExpressRouteFailoverTestDetails, 0, len(tests))
	for _, t := range tests {
		v := &armnetwork.ExpressRouteFailoverTestDetails{TestGUID: to.Ptr(t.ID), PeeringLocation: to.Ptr(t.PeeringLocation),
			TestType: to.Ptr(armnetwork.FailoverTestType(t.Type)), Status: to.Ptr(armnetwork.FailoverTestStatus(t.Status)),
			StartTime: timeToARM(t.StartTime), EndTime: timeToARM(t.EndTime), Issues: strPtrs(t.Issues),
			Circuits: []*armnetwork.ExpressRouteFailoverCircuitResourceDetails{}, Connections: []*armnetwork.ExpressRouteFailoverConnectionResourceDetails{}}
		for _, c := range t.Circuits {
			v.Circuits = append(v.Circuits, &armnetwork.ExpressRouteFailoverCircuitResourceDetails{Name: to.Ptr(c.Name),
				NrpResourceURI: to.Ptr(c.ID), ConnectionName: to.Ptr(c.ConnectionName)})
		}
		for _, c := range t.Connections {
			v.Connections = append(v.Connections, &armnetwork.ExpressRouteFailoverConnectionResourceDetails{Name: to.Ptr(c.Name),
				NrpResourceURI: to.Ptr(c.ID), Status: to.Ptr(armnetwork.FailoverConnectionStatus(c.Status)), LastUpdatedTime: timeToARM(c.LastUpdated)})
		}
		out = append(out, v)
	}
	return out
}

func failoverDetailsToARM(details []azure.FailoverTestDetails) []*armnetwork.ExpressRouteFailoverSingleTestDetails {
	out := make([]*armnetwork.ExpressRouteFailoverSingleTestDetails, 0, len(details))
	for _, d := range details {
		v := &armnetwork.ExpressRouteFailoverSingleTestDetails{PeeringLocation: to.Ptr(d.PeeringLocation),
			Status: to.Ptr(armnetwork.FailoverTestStatusForSingleTest(d.Status)), StartTimeUTC: timeToARM(d.StartTime), EndTimeUTC: timeToARM(d.EndTime),
			NonRedundantRoutes: prefixPtrs(d.NonRedundantRoutes), WasSimulationSuccessful: to.Ptr(d.WasSimulationSuccessful),
			RedundantRoutes: []*armnetwork.ExpressRouteFailoverRedundantRoute{}, FailoverConnectionDetails: failoverChecksToARM(d.FailoverConnections)}
		for _, r := range d.RedundantRoutes {
			v.RedundantRoutes = append(v.RedundantRoutes, &armnetwork.ExpressRouteFailoverRedundantRoute{
				PeeringLocations: strPtrs(r.PeeringLocations), Routes: prefixPtrs(r.Routes)})
		}
		out = append(out, v)
	}
	return out
}

func failoverChecksToARM(in []azure.FailoverConnectionCheck) []*armnetwork.FailoverConnectionDetails {
	out := make([]*armnetwork.FailoverConnectionDetails, 0, len(in))
	for _, c := range in {
		out = append(out, &armnetwork.FailoverConnectionDetails{FailoverConnectionName: to.Ptr(c.ConnectionName),
			FailoverLocation: to.Ptr(c.Location), IsVerified: to.Ptr(c.Verified)})
	}
	return out
}

func failoverStopFromARM(in armnetwork.ExpressRouteFailoverStopAPIParameters) azure.FailoverStop {
	out := azure.FailoverStop{PeeringLocation: strings.TrimSpace(deref(in.PeeringLocation)), WasSimulationSuccessful: deref(in.WasSimulationSuccessful)}
	for _, d := range in.Details {
		if d != nil {
			out.Details = append(out.Details, azure.FailoverConnectionCheck{ConnectionName: deref(d.FailoverConnectionName),
				Location: deref(d.FailoverLocation), Verified: deref(d.IsVerified)})
		}
	}
	return out
}
