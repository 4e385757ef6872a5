package azure

import (
	"context"
	"time"
)

//go:generate go tool mockgen -typed -destination=mock_azure/mock_metrics.go -package=mock_azure . Metrics

// Metrics reads Azure Monitor platform metrics (Microsoft.Insights) of the
// interconnect's resources, in one subscription. It is separate from Network
// because it is another API, often with another role (Monitoring Reader).
//
// Conventions: a missing resource is an error matching ErrNotFound; other
// failures answered by Azure are *Error (throttling is 429 with
// Retry-After). Values returned never alias memory the implementation keeps.
type Metrics interface {
	// ListMetrics returns the series of the metrics q names, one point per
	// q.Interval from q.Start to q.End, each the q.Aggregation of the
	// samples in its interval; an interval without data has no point.
	// Series are split by q.SplitBy's dimensions, one series per combination
	// of their values.
	ListMetrics(ctx context.Context, q MetricQuery) ([]MetricSeries, error)
}

// MetricQuery asks Azure Monitor for metrics of one resource.
type MetricQuery struct {
	// ResourceID is the ARM ID of the resource, e.g. an ExpressRoute circuit.
	ResourceID string
	// Names are metric names, such as MetricBGPAvailability.
	Names []string
	// Start and End bound the time span; Interval is the time grain (Azure
	// Monitor's PT1M, PT5M, ...).
	Start, End time.Time
	Interval   time.Duration
	// Aggregation is the statistic of each point: AggregationAverage,
	// AggregationMaximum, ...
	Aggregation string
	// SplitBy names the dimensions to split series by (e.g. DimensionPeer).
	SplitBy []string
}

// MetricSeries is one metric's time series for one combination of
// dimension values.
type MetricSeries struct {
	Name string
	// Unit is Azure Monitor's unit: "Percent", "BitsPerSecond", "Count", ...
	Unit string
	// Dimensions holds the value of each SplitBy dimension for this series,
	// keyed as SplitBy spells the dimension (Azure Monitor matches
	// dimension names without regard to case and answers them
	// lower-cased); nil when the query splits by none.
	Dimensions map[string]string
	Points     []MetricPoint
}

// MetricPoint is one value of a series, at the start of its interval.
type MetricPoint struct {
	Time  time.Time
	Value float64
}

// Aggregations of a MetricQuery.
const (
	AggregationAverage = "Average"
	AggregationMaximum = "Maximum"
	AggregationMinimum = "Minimum"
	AggregationTotal   = "Total"
)

// ExpressRoute circuit metrics (Azure Monitor, Microsoft.Network/
// expressRouteCircuits; Microsoft, "Monitoring Azure ExpressRoute": metrics
// reference). Availability is in percent; bits per second are averages.
const (
	MetricARPAvailability  = "ArpAvailability"
	MetricBGPAvailability  = "BgpAvailability"
	MetricBitsInPerSecond  = "BitsInPerSecond"
	MetricBitsOutPerSecond = "BitsOutPerSecond"
)

// Dimensions of the ExpressRoute circuit metrics.
const (
	// DimensionPeeringType is the peering: PeeringTypePrivate for the
	// interconnect.
	DimensionPeeringType = "PeeringType"
	// DimensionPeer is the Microsoft edge router of a path: PeerPrimary or
	// PeerSecondary (availability metrics).
	DimensionPeer = "Peer"
	// DimensionDeviceRole is the Microsoft edge router that carries traffic:
	// DeviceRolePrimary or DeviceRoleSecondary (BitsInPerSecond,
	// BitsOutPerSecond).
	DimensionDeviceRole = "DeviceRole"
)

// Values of the ExpressRoute metric dimensions, as Microsoft's ExpressRoute
// Insights workbook filters on them (microsoft/Application-Insights-Workbooks,
// Workbooks/Network Insights/ExpressRouteCircuits/ExpressRouteCircuitMetrics/
// ExpressRouteCircuitMetrics.workbook), spelling included: the workbook
// capitalises the primary device role and writes the secondary one in lower
// case. Nothing documents the case of the values Azure Monitor answers:
// compare them without regard to case (strings.EqualFold).
const (
	PeeringTypePrivate  = "private"
	PeerPrimary         = "Primary-IPv4"
	PeerSecondary       = "Secondary-IPv4"
	DeviceRolePrimary   = "Primary"
	DeviceRoleSecondary = "secondary"
)
