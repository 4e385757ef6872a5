package armclient_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/azoci/interconnect"
	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/azure/armclient"
	"github.com/azoci/interconnect/azure/azuretest"
	"github.com/azoci/interconnect/sim"
	"github.com/azoci/interconnect/sim/armface"
)

// The conformance suite against a real subscription (see liveConfig for the
// environment variables). Without them TestLiveConformance is skipped
// before anything authenticates.

// The environment variables of a live run.
const (
	envSubscription    = "AZOCI_LIVE_AZURE_SUBSCRIPTION"     // the subscription ID
	envResourceGroup   = "AZOCI_LIVE_AZURE_RESOURCE_GROUP"   // a resource group the run may use
	envVirtualNetwork  = "AZOCI_LIVE_AZURE_VNET"             // an existing VNet in it
	envRegion          = "AZOCI_LIVE_AZURE_REGION"           // optional: the VNet's region, checked
	envPeeringLocation = "AZOCI_LIVE_AZURE_PEERING_LOCATION" // optional: default from the region pair
	envLifecycle       = "AZOCI_LIVE_LIFECYCLE"              // "1": also create and delete resources
)

// liveCircuitMbps is the bandwidth of the circuits a live run creates: the
// smallest (and cheapest) a provider circuit offers.
const liveCircuitMbps = 50

// liveMinTimeout is the least time a lifecycle run needs: an ExpressRoute
// gateway takes up to 45 minutes to create, about as long to resize and up
// to 20 minutes to delete.
const liveMinTimeout = 3 * time.Hour

// liveConfig is a live run's settings, read from the environment.
type liveConfig struct {
	subscription, resourceGroup, virtualNetwork string
	region, peeringLocation                     string // "" when not given
	lifecycle                                   bool
}

// liveConfigFromEnv reads the settings; ok is false when no subscription is
// given (no live run). Naming a subscription without the resource group or
// the VNet is an error.
func liveConfigFromEnv() (cfg liveConfig, ok bool, err error) {
	cfg = liveConfig{
		subscription:    strings.TrimSpace(os.Getenv(envSubscription)),
		resourceGroup:   strings.TrimSpace(os.Getenv(envResourceGroup)),
		virtualNetwork:  strings.TrimSpace(os.Getenv(envVirtualNetwork)),
		region:          strings.TrimSpace(os.Getenv(envRegion)),
		peeringLocation: strings.TrimSpace(os.Getenv(envPeeringLocation)),
		lifecycle:       os.Getenv(envLifecycle) == "1",
	}
	if cfg.subscription == "" {
		return cfg, false, nil
	}
	var missing []string
	if cfg.resourceGroup == "" {
		missing = append(missing, envResourceGroup)
	}
	if cfg.virtualNetwork == "" {
		missing = append(missing, envVirtualNetwork)
	}
	if len(missing) > 0 {
		return cfg, true, fmt.Errorf("%s is set, so a live run needs %s too", envSubscription, strings.Join(missing, " and "))
	}
	return cfg, true, nil
}

// liveEnv reads the virtual network through n and works out where the run
// may work (see azuretest.Env). A lifecycle run needs a virtual network
// without a GatewaySubnet and with a free /26, and a region with a known
// Oracle peering location unless one is given.
func liveEnv(ctx context.Context, n azure.Network, cfg liveConfig) (azuretest.Env, error) {
	v, err := n.GetVirtualNetwork(ctx, cfg.resourceGroup, cfg.virtualNetwork)
	if err != nil {
		return azuretest.Env{}, fmt.Errorf("reading the VNet %s/%s: %w", cfg.resourceGroup, cfg.virtualNetwork, err)
	}
	region := interconnect.CanonicalAzureRegion(v.Location)
	if cfg.region != "" && interconnect.CanonicalAzureRegion(cfg.region) != region {
		return azuretest.Env{}, fmt.Errorf("%s is %q but the VNet %s is in %q", envRegion, cfg.region, v.Name, v.Location)
	}
	env := azuretest.Env{Subscription: cfg.subscription, ResourceGroup: cfg.resourceGroup, VirtualNetwork: v.Name, Region: region,
		PeeringLocation: cfg.peeringLocation, CircuitBandwidthMbps: liveCircuitMbps,
		NamePrefix: "azoci-conf-" + runID() + "-", Writes: cfg.lifecycle, Shared: true}
	if !cfg.lifecycle {
		return env, nil
	}
	for _, s := range v.Subnets {
		if strings.EqualFold(s.Name, azure.GatewaySubnetName) {
			return azuretest.Env{}, fmt.Errorf("the VNet %s has a GatewaySubnet (%s): a lifecycle run creates and deletes one, so it needs a VNet without", v.Name, s.Prefix)
		}
	}
	var ok bool
	if env.GatewaySubnet, env.WiderGatewaySubnet, ok = azuretest.GatewaySubnetPrefixes(v); !ok {
		return azuretest.Env{}, fmt.Errorf("the VNet %s has no free /26 in %v for the GatewaySubnet a lifecycle run creates", v.Name, v.AddressSpace)
	}
	if env.PeeringLocation == "" {
		pair, ok := interconnect.DefaultCatalog().ByAzureRegion(region)
		if !ok {
			return azuretest.Env{}, fmt.Errorf("no Oracle peering location is known for %s: set %s", region, envPeeringLocation)
		}
		env.PeeringLocation = pair.DefaultPeeringLocation()
	}
	return env, nil
}

// runID names one run: what it creates is called azoci-conf-<runID>-...
func runID() string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// liveHarness is the Harness of a real subscription: no world, an
// environment shared by every test.
type liveHarness struct {
	n   azure.Network
	env azuretest.Env
}

// MakeNetwork returns the client.
func (h liveHarness) MakeNetwork(context.Context) (azure.Network, error) { return h.n, nil }

// Env is the run's environment.
func (h liveHarness) Env() azuretest.Env { return h.env }

// World is nil: a real subscription.
func (h liveHarness) World() *sim.World { return nil }

// Close does nothing: the client holds nothing to release.
func (h liveHarness) Close() {}

// runLive runs the suite against n as a live run does.
func runLive(t *testing.T, n azure.Network, cfg liveConfig) azuretest.Env {
	t.Helper()
	env, err := liveEnv(t.Context(), n, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("live conformance in %s/%s/%s (%s), names %s*, lifecycle %v", env.Subscription, env.ResourceGroup, env.VirtualNetwork,
		env.Region, env.NamePrefix, env.Writes)
	azuretest.RunConformanceTests(t, func(context.Context, *testing.T) (azuretest.Harness, error) {
		return liveHarness{n: n, env: env}, nil
	})
	return env
}

// TestLiveConformance runs the conformance suite against a real
// subscription: the read-only tests (safe against production), and with
// AZOCI_LIVE_LIFECYCLE=1 the lifecycle tests too, which create a subnet,
// public IPs, an ExpressRoute gateway and circuits in the resource group,
// named azoci-conf-<run>-..., and delete them. Tests that need the
// simulator are skipped. Credentials come from armclient.DefaultCredential.
func TestLiveConformance(t *testing.T) {
	cfg, ok, err := liveConfigFromEnv()
	if !ok {
		t.Skipf("set %s, %s and %s to run the conformance suite against a real subscription", envSubscription, envResourceGroup, envVirtualNetwork)
	}
	if err != nil {
		t.Fatal(err)
	}
	if deadline, ok := t.Deadline(); cfg.lifecycle && ok && time.Until(deadline) < liveMinTimeout {
		t.Fatalf("a lifecycle run takes up to %s: run go test with -timeout 4h", liveMinTimeout)
	}
	cred, err := armclient.DefaultCredential(nil)
	if err != nil {
		t.Fatal(err)
	}
	c, err := armclient.NewClient(cfg.subscription, cred, nil)
	if err != nil {
		t.Fatal(err)
	}
	runLive(t, c, cfg)
}

// TestLiveHarnessOnTheSimulator runs a live run's harness (no world, a
// shared environment, names with a run prefix, cleanups) against the
// adapter over the simulator's ARM face, read-only and lifecycle, and
// checks that a lifecycle run leaves nothing behind.
func TestLiveHarnessOnTheSimulator(t *testing.T) {
	for _, lifecycle := range []bool{false, true} {
		t.Run(fmt.Sprintf("lifecycle=%v", lifecycle), func(t *testing.T) {
			w := azuretest.NewWorld(azuretest.Latency())
			c, face := newHTTPClient(t, w)
			before := face.Stats()
			env := runLive(t, c, liveConfig{subscription: azuretest.Subscription, resourceGroup: azuretest.ResourceGroup,
				virtualNetwork: azuretest.VirtualNetwork, region: "East US", lifecycle: lifecycle})
			writes := face.Stats().Sub(before)
			if n := writes.ByKind[armface.KindPut] + writes.ByKind[armface.KindDelete]; (n > 0) != lifecycle {
				t.Errorf("%d PUT or DELETE requests in a run with lifecycle %v", n, lifecycle)
			}
			if env.PeeringLocation != "" && env.PeeringLocation != "Washington DC" {
				t.Errorf("peering location %q, want the pair's default", env.PeeringLocation)
			}
			ctx, az := t.Context(), w.Azure()
			p := env.NamePrefix
			left := map[string]error{
				"GatewaySubnet": func() error {
					_, err := az.GetSubnet(ctx, env.ResourceGroup, env.VirtualNetwork, azure.GatewaySubnetName)
					return err
				}(),
				p + "ergw":     func() error { _, err := az.GetGateway(ctx, env.ResourceGroup, p+"ergw"); return err }(),
				p + "ergw-pip": func() error { _, err := az.GetPublicIP(ctx, env.ResourceGroup, p+"ergw-pip"); return err }(),
				p + "pip":      func() error { _, err := az.GetPublicIP(ctx, env.ResourceGroup, p+"pip"); return err }(),
				p + "er":       func() error { _, err := az.GetCircuit(ctx, env.ResourceGroup, p+"er"); return err }(),
				p + "bare":     func() error { _, err := az.GetCircuit(ctx, env.ResourceGroup, p+"bare"); return err }(),
			}
			for name, err := range left {
				if !errors.Is(err, azure.ErrNotFound) {
					t.Errorf("%s is left behind (%v)", name, err)
				}
			}
		})
	}
}

// TestLiveConfig: without a subscription there is no live run (and no
// login); with one, the resource group and the VNet are required; a
// lifecycle run refuses a VNet that has a GatewaySubnet or is in another
// region than the one named.
func TestLiveConfig(t *testing.T) {
	for _, k := range []string{envSubscription, envResourceGroup, envVirtualNetwork, envRegion, envPeeringLocation, envLifecycle} {
		t.Setenv(k, "")
	}
	if _, ok, err := liveConfigFromEnv(); ok || err != nil {
		t.Errorf("no subscription: ok %v, err %v; want no live run", ok, err)
	}
	t.Setenv(envSubscription, "sub")
	if _, ok, err := liveConfigFromEnv(); !ok || err == nil || !strings.Contains(err.Error(), envResourceGroup) || !strings.Contains(err.Error(), envVirtualNetwork) {
		t.Errorf("a subscription alone: ok %v, err %v; want an error naming what is missing", ok, err)
	}
	t.Setenv(envResourceGroup, "rg")
	t.Setenv(envVirtualNetwork, "vnet")
	t.Setenv(envLifecycle, "1")
	cfg, ok, err := liveConfigFromEnv()
	if !ok || err != nil || !cfg.lifecycle || cfg.resourceGroup != "rg" || cfg.virtualNetwork != "vnet" {
		t.Errorf("a full configuration: %+v, %v, %v", cfg, ok, err)
	}

	w := azuretest.NewWorld(azuretest.Latency())
	c, _ := newHTTPClient(t, w)
	base := liveConfig{subscription: azuretest.Subscription, resourceGroup: azuretest.ResourceGroup, virtualNetwork: azuretest.VirtualNetwork}
	tests := []struct {
		name string
		edit func(*liveConfig)
		want string // in the error; "" for none
	}{
		{"read-only", func(*liveConfig) {}, ""},
		{"another region", func(c *liveConfig) { c.region = "westus3" }, envRegion},
		{"a missing VNet", func(c *liveConfig) { c.virtualNetwork = "nope" }, "reading the VNet"},
		{"lifecycle", func(c *liveConfig) { c.lifecycle = true }, ""},
		{"lifecycle with a GatewaySubnet", func(c *liveConfig) { c.lifecycle = true; c.virtualNetwork = "vnet-gw" }, "has a GatewaySubnet"},
		{"lifecycle in a region without a known pair", func(c *liveConfig) { c.lifecycle = true; c.virtualNetwork = "vnet-far" }, envPeeringLocation},
		{"lifecycle with a full VNet", func(c *liveConfig) { c.lifecycle = true; c.virtualNetwork = "vnet-full" }, "no free /26"},
	}
	w.AddVirtualNetwork(sim.VirtualNetwork{ResourceGroup: azuretest.ResourceGroup, Name: "vnet-gw", Region: "eastus",
		AddressSpace: []netip.Prefix{netip.MustParsePrefix("10.1.0.0/16")},
		Subnets:      map[string]netip.Prefix{azure.GatewaySubnetName: netip.MustParsePrefix("10.1.255.0/27")}})
	w.AddVirtualNetwork(sim.VirtualNetwork{ResourceGroup: azuretest.ResourceGroup, Name: "vnet-far", Region: "australiaeast",
		AddressSpace: []netip.Prefix{netip.MustParsePrefix("10.2.0.0/16")}})
	w.AddVirtualNetwork(sim.VirtualNetwork{ResourceGroup: azuretest.ResourceGroup, Name: "vnet-full", Region: "eastus",
		AddressSpace: []netip.Prefix{netip.MustParsePrefix("10.3.0.0/24")},
		Subnets:      map[string]netip.Prefix{"all": netip.MustParsePrefix("10.3.0.0/24")}})
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := base
			tc.edit(&cfg)
			env, err := liveEnv(t.Context(), c, cfg)
			if tc.want != "" {
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Errorf("err = %v, want one naming %q", err, tc.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !env.Shared || env.Writes != cfg.lifecycle || !strings.HasPrefix(env.NamePrefix, "azoci-conf-") || env.Region != "eastus" ||
				env.AddressSpace != nil || env.CircuitBandwidthMbps != liveCircuitMbps {
				t.Errorf("env %+v", env)
			}
			if cfg.lifecycle && (env.GatewaySubnet != netip.MustParsePrefix("10.10.255.192/27") ||
				env.WiderGatewaySubnet != netip.MustParsePrefix("10.10.255.192/26") || env.PeeringLocation != "Washington DC") {
				t.Errorf("lifecycle env %+v", env)
			}
		})
	}
}
