package oci

import (
	"context"
	"time"
)

//go:generate go tool mockgen -typed -destination=mock_oci/mock_metrics.go -package=mock_oci . Metrics

// Metrics reads OCI Monitoring metrics of the interconnect's resources, in
// one region. It is separate from Network because it is another service
// (telemetry), often with another policy (read metrics in the compartment).
//
// Conventions as for Network: a missing compartment is an error matching
// ErrNotFound; other failures answered by OCI are *Error (throttling is 429
// TooManyRequests). Values returned never alias memory the implementation
// keeps.
type Metrics interface {
	// SummarizeMetrics runs an MQL query over the metrics of a namespace in
	// a compartment, from q.Start to q.End, and returns one series per
	// metric stream the query selects (oci-go-sdk monitoring
	// SummarizeMetricsData).
	SummarizeMetrics(ctx context.Context, q MetricQuery) ([]MetricSeries, error)
}

// MetricQuery is an MQL query (OCI Monitoring Query Language), such as
// `Ipv4BgpSessionState[1m]{resourceId = "ocid1.virtualcircuit..."}.mean()`.
type MetricQuery struct {
	CompartmentID string
	// Namespace is NamespaceFastConnect or NamespaceDRG.
	Namespace string
	// Query is the MQL expression: metric[interval]{dimension = "value", ...}.statistic().
	Query      string
	Start, End time.Time
	// Resolution is the interval between points; 0 means the query's
	// interval.
	Resolution time.Duration
}

// MetricSeries is one metric stream of a query's answer.
type MetricSeries struct {
	Namespace string
	Name      string
	// Dimensions identify the stream, e.g. resourceId.
	Dimensions map[string]string
	Points     []MetricPoint
}

// MetricPoint is one aggregated value of a series.
type MetricPoint struct {
	Time  time.Time
	Value float64
}

// Monitoring namespaces and metrics of the interconnect's OCI side (Oracle,
// "FastConnect Metrics" and "DRG Metrics").
const (
	NamespaceFastConnect = "oci_fastconnect"
	NamespaceDRG         = "oci_dynamic_routing_gateway"

	// ConnectionState is 1 while the virtual circuit is up, 0 when down.
	MetricConnectionState = "ConnectionState"
	// Ipv4BgpSessionState is 1 while the IPv4 BGP session is up, 0 when down.
	MetricIPv4BGPSessionState = "Ipv4BgpSessionState"
	MetricBitsReceived        = "BitsReceived"
	MetricBitsSent            = "BitsSent"
	MetricPacketsError        = "PacketsError"
	MetricPacketsDiscarded    = "PacketsDiscarded"

	// PacketDropsToDrgAttachment and PacketDropsFromDrgAttachment are split
	// by DimensionDropType.
	MetricPacketDropsToDRGAttachment   = "PacketDropsToDrgAttachment"
	MetricPacketDropsFromDRGAttachment = "PacketDropsFromDrgAttachment"

	// DimensionResourceID is the OCID of the resource a stream is about.
	DimensionResourceID = "resourceId"
	// DimensionDropType is "noRoute" or "throughput".
	DimensionDropType = "dropType"
)
