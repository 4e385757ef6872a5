package monitorclient

import (
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/to"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/monitor/armmonitor"

	"github.com/azoci/interconnect/azure"
)

// listOptions are the query parameters of MetricsClient.List for q, in the
// forms of Microsoft's GetMetric example and the Metrics - List reference:
//
//   - metricnames: q.Names joined by commas (a comma inside a name is sent
//     as %2, as the reference says);
//   - timespan: "start/end" in RFC 3339, UTC, when q has both;
//   - interval: q.Interval in ISO 8601 (PT5M, P1D) when set, else Azure
//     Monitor's default PT1M;
//   - aggregation: q.Aggregation when set, else the metric's default;
//   - $filter: "<dimension> eq '*'" for each of q.SplitBy, joined by "and":
//     one series per value of each.
//
// Parameters q leaves unset are not sent. Azure Monitor returns at most 10
// series per metric when splitting (its default top), which the
// interconnect's metrics never reach.
func listOptions(q azure.MetricQuery) *armmonitor.MetricsClientListOptions {
	o := &armmonitor.MetricsClientListOptions{}
	if len(q.Names) > 0 {
		names := make([]string, len(q.Names))
		for i, n := range q.Names {
			names[i] = strings.ReplaceAll(n, ",", "%2")
		}
		o.Metricnames = to.Ptr(strings.Join(names, ","))
	}
	if !q.Start.IsZero() && !q.End.IsZero() {
		o.Timespan = to.Ptr(q.Start.UTC().Format(time.RFC3339Nano) + "/" + q.End.UTC().Format(time.RFC3339Nano))
	}
	if q.Interval > 0 {
		o.Interval = to.Ptr(azure.FormatTimeGrain(q.Interval))
	}
	if q.Aggregation != "" {
		o.Aggregation = to.Ptr(q.Aggregation)
	}
	if len(q.SplitBy) > 0 {
		conds := make([]string, len(q.SplitBy))
		for i, d := range q.SplitBy {
			conds[i] = d + " eq '*'"
		}
		o.Filter = to.Ptr(strings.Join(conds, " and "))
	}
	return o
}
