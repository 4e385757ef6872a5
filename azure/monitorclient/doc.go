// Package monitorclient implements azure.Metrics on the Azure SDK for Go's
// Azure Monitor client (armmonitor.MetricsClient.List, api-version
// 2024-02-01): the platform metrics of a resource, such as the
// ExpressRoute circuit metrics ArpAvailability, BgpAvailability,
// BitsInPerSecond and BitsOutPerSecond.
//
//	cred, err := azidentity.NewDefaultAzureCredential(nil) // or armclient.DefaultCredential
//	m, err := monitorclient.NewClient(cred, nil)
//	series, err := m.ListMetrics(ctx, azure.MetricQuery{
//		ResourceID: circuitID,
//		Names:      []string{azure.MetricBGPAvailability},
//		Start:      time.Now().Add(-time.Hour), End: time.Now(),
//		Interval:   5 * time.Minute,
//		SplitBy:    []string{azure.DimensionPeer},
//	})
//
// One ListMetrics is one GET of {resourceId}/providers/Microsoft.Insights/
// metrics: query.go builds its parameters from the MetricQuery, convert.go
// reads the answer into azure.MetricSeries, errors.go maps Azure Monitor's
// errors to *azure.Error (404 matches azure.ErrNotFound; 429 carries
// Retry-After). Reading metrics needs Microsoft.Insights/metrics/read on the
// resource, which the built-in roles Monitoring Reader and Reader grant.
//
// Tests point the client at the simulator's ARM face (sim/armface), over
// HTTPS or in process, and feed it Microsoft's published example
// (testdata/azure-rest-examples). TestLiveMetrics reads a real circuit when
// AZOCI_LIVE_AZURE_CIRCUIT names one (live_test.go).
package monitorclient
