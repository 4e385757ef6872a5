// Package ociclient implements oci.Network on oci-go-sdk/v65's
// core.VirtualNetworkClient.
//
//	cp, err := ociclient.ConfigProvider("", "") // ~/.oci/config, profile DEFAULT
//	oc, err := ociclient.NewClient(cp)
//
// OCI has no long-running operations: creates return at once and the engine
// polls Get. The SDK's retry policy (DefaultRetryPolicy) covers throttling
// and server errors; every create carries the caller's retry token. The
// client is thin: client.go and client_*.go sequence SDK calls, convert.go
// holds every conversion, errors map to *oci.Error (sdk.go; 404 matches
// oci.ErrNotFound) with OCI's opc-request-id. Secrets (the service key, MD5
// keys) never reach an error or a log of this package; WithLogger logs each
// HTTP request (method, path, status, opc-request-id) at debug level.
//
// Tests point the client at the simulator's signed OCI face (sim/ociface)
// with WithEndpoint and WithHTTPClient, and run the conformance suite
// (oci/ocitest) over it. TestLiveConformance runs the same suite against a
// real tenancy when AZOCI_LIVE_OCI_COMPARTMENT and AZOCI_LIVE_OCI_VCN are
// set: read-only by default, creating and deleting DRGs, attachments and a
// route rule with AZOCI_LIVE_LIFECYCLE=1 (see live_test.go).
package ociclient
