// Package monitoringclient implements oci.Metrics on oci-go-sdk/v65's
// monitoring.MonitoringClient: OCI Monitoring's SummarizeMetricsData, which
// reads the metrics of the interconnect's OCI side (namespaces
// oci_fastconnect and oci_dynamic_routing_gateway) with MQL queries.
//
//	cp, err := ociclient.ConfigProvider("", "") // ~/.oci/config, profile DEFAULT
//	m, err := monitoringclient.NewClient(cp)
//	series, err := m.SummarizeMetrics(ctx, oci.MetricQuery{
//		CompartmentID: compartment,
//		Namespace:     oci.NamespaceFastConnect,
//		Query: oci.MQL(oci.MetricIPv4BGPSessionState, time.Minute, oci.StatisticMean,
//			map[string]string{oci.DimensionResourceID: virtualCircuitID}),
//		Start: time.Now().Add(-time.Hour),
//	})
//
// Monitoring is another service than Networking: its endpoint is
// telemetry.{region}.oraclecloud.com, and reading metrics needs a policy of
// its own, such as
//
//	Allow group <group> to read metrics in compartment <compartment>
//	  where any {target.metrics.namespace='oci_fastconnect',
//	             target.metrics.namespace='oci_dynamic_routing_gateway'}
//
// (SummarizeMetricsData needs METRIC_INSPECT and METRIC_READ, which the
// "read metrics" verb grants: Oracle, "Details for Monitoring").
//
// Each SummarizeMetrics sends one request, POST
// /20180401/metrics/actions/summarizeMetricsData?compartmentId=..., retried
// by the SDK under the policy NewClient installs (ociclient's
// DefaultRetryPolicy: 429 and 5xx). OCI limits it to 10 requests per second
// per tenancy (oci-go-sdk's SummarizeMetricsData documentation). Errors map
// to *oci.Error (a missing compartment is a 404 that matches
// oci.ErrNotFound; a malformed query is a 400).
//
// Tests point the client at the simulator's signed OCI face (sim/ociface),
// which serves Monitoring on the same server as Networking, and run the
// metrics conformance suite (ocitest.RunMetricsConformanceTests) over it.
// TestLiveMetrics runs the read-only part of the suite against a real
// tenancy when AZOCI_LIVE_OCI_COMPARTMENT is set, and reads a real virtual
// circuit's metrics when AZOCI_LIVE_OCI_VIRTUAL_CIRCUIT is set too (see
// live_test.go).
package monitoringclient
