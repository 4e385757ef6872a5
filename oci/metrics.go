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
// `Ipv4BgpSessionState[1m]{resourceId = "ocid1.virtualcircuit..."}.mean()`;
// MQL builds one.
type MetricQuery struct {
	// CompartmentID is the compartment of the resources whose metrics are
	// read (not its subcompartments).
	CompartmentID string
	// Namespace is NamespaceFastConnect or NamespaceDRG.
	Namespace string
	// Query is the MQL expression: metric[interval]{dimension = "value", ...}.statistic().
	Query string
	// Start and End bound the timestamps of the points answered: Start
	// included, End excluded (SummarizeMetricsDataDetails). A zero Start
	// means 3 hours before the call, a zero End the time of the call.
	Start, End time.Time
	// Resolution is the interval between points; 0 means the query's
	// interval. It must be a valid MQL interval (see ParseInterval) no
	// longer than the query's interval.
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

// Monitoring namespaces, metrics and dimensions of the interconnect's OCI
// side. Sources: Oracle, "FastConnect Metrics" (namespace oci_fastconnect,
// https://docs.oracle.com/iaas/Content/Network/Reference/fastconnectmetrics.htm)
// and "DRG Metrics" (namespace oci_dynamic_routing_gateway,
// https://docs.oracle.com/iaas/Content/Network/Reference/drgmetrics.htm),
// both updated 2025-03-10.
//
// Counted metrics (bits, bytes, packets) are counts per emission, not rates: OCI
// emits them every minute, so Metric[1m]{...}.sum() is the count of one
// minute; divide by 60 for a per-second value.
const (
	NamespaceFastConnect = "oci_fastconnect"
	NamespaceDRG         = "oci_dynamic_routing_gateway"

	// MetricConnectionState is 1 while the virtual circuit's interface is
	// operationally up, 0 when it is down ("For a virtual circuit, the
	// operational state of the virtual circuit's interface").
	MetricConnectionState = "ConnectionState"
	// MetricIPv4BGPSessionState is 1 while the virtual circuit's IPv4 BGP
	// session is up, 0 when it is down.
	MetricIPv4BGPSessionState = "Ipv4BgpSessionState"
	// MetricBitsReceived counts the bits received at the Oracle end of the
	// connection: traffic into OCI (here, what Azure sends).
	MetricBitsReceived = "BitsReceived"
	// MetricBitsSent counts the bits sent from the Oracle end of the
	// connection: traffic out of OCI (here, towards Azure).
	MetricBitsSent = "BitsSent"
	// MetricBytesReceived and MetricBytesSent count the same traffic as
	// MetricBitsReceived and MetricBitsSent, in bytes.
	MetricBytesReceived = "BytesReceived"
	MetricBytesSent     = "BytesSent"
	// MetricPacketsReceived counts the packets received at the Oracle end
	// of the connection, MetricPacketsSent the packets sent from it.
	MetricPacketsReceived = "PacketsReceived"
	MetricPacketsSent     = "PacketsSent"
	// MetricPacketsError counts the packets dropped at the Oracle end;
	// Oracle: they "indicate a misconfiguration in some part of the overall
	// system" (the VCN, the virtual circuit or the customer's edge).
	MetricPacketsError = "PacketsError"
	// MetricPacketsDiscarded counts the packets discarded at the Oracle end.
	MetricPacketsDiscarded = "PacketsDiscarded"

	// MetricPacketDropsToDRGAttachment counts dropped packets bound for a
	// DRG attachment, and MetricPacketDropsFromDRGAttachment packets from a
	// DRG attachment that the DRG dropped; both are split by
	// DimensionDropType. Their DimensionResourceID is the DRG attachment's
	// OCID (DRG metrics exist for upgraded DRGs only).
	MetricPacketDropsToDRGAttachment   = "PacketDropsToDrgAttachment"
	MetricPacketDropsFromDRGAttachment = "PacketDropsFromDrgAttachment"

	// DimensionResourceID is the OCID of the resource a stream is about: the
	// virtual circuit (oci_fastconnect) or the DRG attachment
	// (oci_dynamic_routing_gateway).
	DimensionResourceID = "resourceId"
	// DimensionResourceName is the display name of a FastConnect resource.
	DimensionResourceName = "resourceName"
	// DimensionComponent is the kind of FastConnect resource:
	// ComponentVirtualCircuit for the virtual circuits of a connection
	// through an Oracle partner such as Microsoft Azure.
	DimensionComponent = "component"
	// DimensionDRGID is the OCID of the DRG a DRG attachment belongs to.
	DimensionDRGID = "drgOcid"
	// DimensionAttachmentType is a DRG attachment's type: VCN,
	// VIRTUAL_CIRCUIT, IPSEC_TUNNEL or REMOTE_PEERING_CONNECTION.
	DimensionAttachmentType = "attachmentType"
	// DimensionDropType is why a DRG dropped packets: DropTypeThroughput,
	// DropTypeNoRoute or DropTypeOthers.
	DimensionDropType = "dropType"

	// ComponentVirtualCircuit is the DimensionComponent of a virtual circuit.
	ComponentVirtualCircuit = "virtualcircuit"

	// DropTypeThroughput counts drops of traffic exceeding the allocated
	// bandwidth.
	DropTypeThroughput = "throughput"
	// DropTypeNoRoute counts packets dropped for want of a route to their
	// destination.
	DropTypeNoRoute = "noRoute"
	// DropTypeOthers counts packets declared invalid: larger than the MTU,
	// TTL expired, or on-premises to on-premises through OCI.
	DropTypeOthers = "others"
)
