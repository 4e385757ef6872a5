package main

import (
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/azoci/interconnect"
	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/azure/armclient"
	"github.com/azoci/interconnect/azure/monitorclient"
	"github.com/azoci/interconnect/internal/cloudauth"
	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/oci/monitoringclient"
	"github.com/azoci/interconnect/oci/ociclient"
)

// openReal connects to the real clouds with credentials checkCredentials
// has checked: Azure for the spec's subscription, OCI in the spec's OCI
// region, whatever region the config profile names (it says so on log when
// they differ). It returns the Client's options for the metric readers too
// (Azure Monitor, OCI Monitoring), which monitor uses. A non-nil debug
// logger gets every HTTP request of the four clients, with its request IDs
// (-v). It makes no call to either cloud.
func openReal(spec interconnect.Spec, creds credentials, log io.Writer, debug *slog.Logger) (azure.Network, oci.Network, interconnect.Option, error) {
	s := spec.WithDefaults(nil)
	var armOpts []armclient.Option
	var monOpts []monitorclient.Option
	var ociOpts []ociclient.Option
	var ocmOpts []monitoringclient.Option
	if debug != nil {
		armOpts, monOpts = append(armOpts, armclient.WithLogger(debug)), append(monOpts, monitorclient.WithLogger(debug))
		ociOpts, ocmOpts = append(ociOpts, ociclient.WithLogger(debug)), append(ocmOpts, monitoringclient.WithLogger(debug))
	}
	az, err := armclient.NewClient(s.Azure.SubscriptionID, creds.azure, nil, armOpts...)
	if err != nil {
		return nil, nil, nil, err
	}
	azm, err := monitorclient.NewClient(creds.azure, nil, monOpts...)
	if err != nil {
		return nil, nil, nil, err
	}
	cp := creds.oci
	if region, err := cp.Region(); err == nil && !strings.EqualFold(region, s.OCI.Region) {
		fmt.Fprintf(log, "OCI: the config profile's region is %s; using the spec's oci.region %s.\n", region, s.OCI.Region)
		cp = cloudauth.InRegion(cp, s.OCI.Region)
	}
	oc, err := ociclient.NewClient(cp, ociOpts...)
	if err != nil {
		return nil, nil, nil, err
	}
	ocm, err := monitoringclient.NewClient(cp, ocmOpts...)
	if err != nil {
		return nil, nil, nil, err
	}
	return az, oc, interconnect.WithMetrics(azm, ocm), nil
}
