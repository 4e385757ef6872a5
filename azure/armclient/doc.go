// Package armclient implements azure.Network on the Azure SDK for Go:
// armnetwork/v9 for the resources, azcore's pollers for ARM's long-running
// operations (Put and Delete return when the operation has finished), and
// azidentity for credentials (DefaultCredential).
//
//	cred, err := armclient.DefaultCredential(nil)
//	az, err := armclient.NewClient(subscriptionID, cred, nil)
//
// The client is thin: client.go and client_*.go sequence SDK calls,
// convert.go and convert_*.go hold every conversion between armnetwork
// models and azure's value types (peering.go holds both for virtual network
// peerings), armerror.go maps ARM errors to *azure.Error (404 matches
// azure.ErrNotFound) with ARM's request IDs. Secrets (the circuit's service
// key, the peering's shared key) never reach an error or a log of this
// package; WithLogger logs each HTTP request (method, path, status, request
// IDs) at debug level.
//
// Tests point the client at the simulator's ARM face (sim/armface) through
// opts: cloud endpoint, audience and transport. TestLiveConformance runs the
// conformance suite (azure/azuretest) against a real subscription when the
// AZOCI_LIVE_* environment variables name one (live_test.go).
package armclient
