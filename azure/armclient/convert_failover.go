package armclient

import (
	"net/netip"
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/to"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/network/armnetwork/v9"

	"github.com/azoci/interconnect/azure"
)

// This file: conversions of the failover test models (client_failover.go).

// failoverTimeLayouts are the forms of the test times ARM sends as strings
// (the swagger gives them no format): RFC 3339, and the same without a zone
// (taken as UTC).
var failoverTimeLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05.9999999", "2006-01-02T15:04:05"}

// parseTime reads a test time; the zero time for none or an unreadable one.
func parseTime(s *string) time.Time {
	v := strings.TrimSpace(deref(s))
	for _, layout := range failoverTimeLayouts {
		if t, err := time.Parse(layout, v); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}

// listOf is s, or an empty list for nil: lists of the failover models are
// never nil.
func listOf(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// parseRoutes reads route prefixes, leaving out what is not a prefix.
func parseRoutes(in []*string) []netip.Prefix {
	out := []netip.Prefix{}
	for _, s := range in {
		if p := parsePrefix(s); p.IsValid() {
			out = append(out, p)
		}
	}
	return out
}

func failoverTestsFromARM(in []*armnetwork.ExpressRouteFailoverTestDetails) []azure.FailoverTest {
	out := []azure.FailoverTest{}
	for _, t := range in {
		if t == nil {
			continue
		}
		v := azure.FailoverTest{ID: deref(t.TestGUID), PeeringLocation: deref(t.PeeringLocation),
			Type: azure.FailoverTestType(deref(t.TestType)), Status: azure.FailoverTestStatus(deref(t.Status)),
			StartTime: parseTime(t.StartTime), EndTime: parseTime(t.EndTime), Issues: listOf(stringsFromARM(t.Issues)),
			Circuits: []azure.FailoverCircuit{}, Connections: []azure.FailoverConnection{}}
		for _, c := range t.Circuits {
			if c != nil {
				v.Circuits = append(v.Circuits, azure.FailoverCircuit{Name: deref(c.Name), ID: deref(c.NrpResourceURI), ConnectionName: deref(c.ConnectionName)})
			}
		}
		for _, c := range t.Connections {
			if c != nil {
				v.Connections = append(v.Connections, azure.FailoverConnection{Name: deref(c.Name), ID: deref(c.NrpResourceURI),
					Status: azure.FailoverConnectionStatus(deref(c.Status)), LastUpdated: parseTime(c.LastUpdatedTime)})
			}
		}
		out = append(out, v)
	}
	return out
}

func failoverDetailsFromARM(in []*armnetwork.ExpressRouteFailoverSingleTestDetails) []azure.FailoverTestDetails {
	out := []azure.FailoverTestDetails{}
	for _, d := range in {
		if d == nil {
			continue
		}
		v := azure.FailoverTestDetails{PeeringLocation: deref(d.PeeringLocation), Status: azure.FailoverTestStatus(deref(d.Status)),
			StartTime: parseTime(d.StartTimeUTC), EndTime: parseTime(d.EndTimeUTC), NonRedundantRoutes: parseRoutes(d.NonRedundantRoutes),
			WasSimulationSuccessful: deref(d.WasSimulationSuccessful), RedundantRoutes: []azure.FailoverRedundantRoutes{},
			FailoverConnections: failoverChecksFromARM(d.FailoverConnectionDetails)}
		for _, r := range d.RedundantRoutes {
			if r != nil {
				v.RedundantRoutes = append(v.RedundantRoutes, azure.FailoverRedundantRoutes{PeeringLocations: listOf(stringsFromARM(r.PeeringLocations)),
					Routes: parseRoutes(r.Routes)})
			}
		}
		out = append(out, v)
	}
	return out
}

func failoverChecksFromARM(in []*armnetwork.FailoverConnectionDetails) []azure.FailoverConnectionCheck {
	out := []azure.FailoverConnectionCheck{}
	for _, c := range in {
		if c != nil {
			out = append(out, azure.FailoverConnectionCheck{ConnectionName: deref(c.FailoverConnectionName),
				Location: deref(c.FailoverLocation), Verified: deref(c.IsVerified)})
		}
	}
	return out
}

func failoverStopToARM(s azure.FailoverStop) armnetwork.ExpressRouteFailoverStopAPIParameters {
	out := armnetwork.ExpressRouteFailoverStopAPIParameters{PeeringLocation: to.Ptr(s.PeeringLocation),
		WasSimulationSuccessful: to.Ptr(s.WasSimulationSuccessful), Details: []*armnetwork.FailoverConnectionDetails{}}
	for _, d := range s.Details {
		out.Details = append(out.Details, &armnetwork.FailoverConnectionDetails{FailoverConnectionName: to.Ptr(d.ConnectionName),
			FailoverLocation: to.Ptr(d.Location), IsVerified: to.Ptr(d.Verified)})
	}
	return out
}
