package provider

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/oracle/oci-go-sdk/v65/common"

	"github.com/azoci/interconnect"
	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/azure/armclient"
	"github.com/azoci/interconnect/internal/cloudauth"
	"github.com/azoci/interconnect/internal/simfile"
	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/oci/ociclient"
	"github.com/azoci/interconnect/sim"
)

// This file: where the clouds come from. The provider block chooses a
// backend: the real clouds with the credentials Configure checked, or the
// simulator kept in a file.

// backend hands out the two clouds.
type backend interface {
	// azure is the Azure of a subscription; oci the OCI of a region.
	azure(ctx context.Context, subscription string) (azure.Network, diag.Diagnostics)
	oci(ctx context.Context, region string) (oci.Network, diag.Diagnostics)
	// prepare readies the clouds for s (valid, with its defaults): the
	// simulator seeds the networks s names when they are missing.
	prepare(ctx context.Context, s interconnect.Spec) diag.Diagnostics
	// options are the Client options the backend needs (the simulator's
	// fast clock).
	options() []interconnect.Option
	// done ends an operation: the simulator saves its world.
	done(ctx context.Context) diag.Diagnostics
}

// clientFor returns a Client for s (valid, with no unknown values) on b,
// with the extra options. The caller ends the operation with b.done.
func clientFor(ctx context.Context, b backend, s interconnect.Spec, opts ...interconnect.Option) (*interconnect.Client, diag.Diagnostics) {
	var diags diag.Diagnostics
	d := s.WithDefaults(nil)
	if diags.Append(b.prepare(ctx, d)...); diags.HasError() {
		return nil, diags
	}
	az, dd := b.azure(ctx, d.Azure.SubscriptionID)
	diags.Append(dd...)
	oc, dd := b.oci(ctx, d.OCI.Region)
	diags.Append(dd...)
	if diags.HasError() {
		return nil, diags
	}
	return interconnect.New(az, oc, append(b.options(), opts...)...), diags
}

// realBackend talks to the real clouds: one Azure client per subscription,
// one OCI client per region, made when first needed.
type realBackend struct {
	subscription string // the provider's azure.subscription_id; "" for any
	cred         azcore.TokenCredential
	ociConfig    common.ConfigurationProvider

	mu     sync.Mutex
	azures map[string]azure.Network
	ocis   map[string]oci.Network
}

var subscriptionPath = path.Root("azure").AtName("subscription_id")

func (b *realBackend) azure(_ context.Context, subscription string) (azure.Network, diag.Diagnostics) {
	var diags diag.Diagnostics
	sub := strings.ToLower(subscription)
	if b.subscription != "" && !strings.EqualFold(b.subscription, sub) {
		diags.AddAttributeError(subscriptionPath, "Another subscription than the provider's",
			fmt.Sprintf("The provider is configured for subscription %s (its azure.subscription_id); use that subscription, or a provider configuration (an alias) for %s.", b.subscription, sub))
		return nil, diags
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if az, ok := b.azures[sub]; ok {
		return az, nil
	}
	c, err := armclient.NewClient(sub, b.cred, nil)
	if err != nil {
		diags.AddError("Azure client", err.Error())
		return nil, diags
	}
	if b.azures == nil {
		b.azures = map[string]azure.Network{}
	}
	b.azures[sub] = c
	return c, nil
}

func (b *realBackend) oci(_ context.Context, region string) (oci.Network, diag.Diagnostics) {
	var diags diag.Diagnostics
	b.mu.Lock()
	defer b.mu.Unlock()
	if oc, ok := b.ocis[region]; ok {
		return oc, nil
	}
	c, err := ociclient.NewClient(cloudauth.InRegion(b.ociConfig, region))
	if err != nil {
		diags.AddError("OCI client", err.Error())
		return nil, diags
	}
	if b.ocis == nil {
		b.ocis = map[string]oci.Network{}
	}
	b.ocis[region] = c
	return c, nil
}

func (b *realBackend) prepare(context.Context, interconnect.Spec) diag.Diagnostics { return nil }
func (b *realBackend) options() []interconnect.Option                              { return nil }
func (b *realBackend) done(context.Context) diag.Diagnostics                       { return nil }

// simBackend is the simulator, loaded from its file when first needed and
// saved at the end of every operation. A world serves one subscription and
// one OCI region: those of the first interconnect it was made for.
type simBackend struct {
	path  string
	scale float64

	mu    sync.Mutex // guards world, and orders saves
	world *sim.World
}

// load loads the world when it is not loaded yet, for subscription and
// ociRegion ("" when not known), and checks that it serves them.
func (b *simBackend) load(ctx context.Context, subscription, ociRegion string) (*sim.World, diag.Diagnostics) {
	var diags diag.Diagnostics
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.world == nil {
		w, err := simfile.Load(b.path, b.scale, subscription, ociRegion, &tflogWriter{ctx: ctx})
		if err != nil {
			diags.AddAttributeError(path.Root("simulator"), "Simulator", err.Error())
			return nil, diags
		}
		b.world = w
	}
	if sub := b.world.SubscriptionID(); subscription != "" && !strings.EqualFold(sub, subscription) {
		diags.AddAttributeError(subscriptionPath, "Another subscription than the simulator's",
			fmt.Sprintf("The simulated world in %s serves subscription %s; use it, or a provider configuration (an alias) with another state_file.", b.path, sub))
	}
	if r := b.world.OCIRegion(); ociRegion != "" && r != "" && r != ociRegion {
		diags.AddAttributeError(path.Root("oci").AtName("region"), "Another OCI region than the simulator's",
			fmt.Sprintf("The simulated world in %s serves OCI region %s; use it, or a provider configuration (an alias) with another state_file.", b.path, r))
	}
	return b.world, diags
}

func (b *simBackend) azure(ctx context.Context, subscription string) (azure.Network, diag.Diagnostics) {
	w, diags := b.load(ctx, subscription, "")
	if diags.HasError() {
		return nil, diags
	}
	return w.Azure(), diags
}

func (b *simBackend) oci(ctx context.Context, region string) (oci.Network, diag.Diagnostics) {
	w, diags := b.load(ctx, "", region)
	if diags.HasError() {
		return nil, diags
	}
	return w.OCI(), diags
}

func (b *simBackend) prepare(ctx context.Context, s interconnect.Spec) diag.Diagnostics {
	var diags diag.Diagnostics
	w, dd := b.load(ctx, s.Azure.SubscriptionID, s.OCI.Region)
	if diags.Append(dd...); diags.HasError() {
		return diags
	}
	if err := simfile.Seed(ctx, w, s, &tflogWriter{ctx: ctx}); err != nil {
		diags.AddAttributeError(path.Root("simulator"), "Simulator", err.Error())
	}
	return diags
}

func (b *simBackend) options() []interconnect.Option { return simfile.ClientOptions(b.scale) }

func (b *simBackend) done(context.Context) diag.Diagnostics {
	b.mu.Lock()
	defer b.mu.Unlock()
	var diags diag.Diagnostics
	if b.world == nil {
		return diags
	}
	if err := simfile.Save(b.world, b.path); err != nil {
		diags.AddError("Saving the simulator's state", fmt.Sprintf("%s: %v", b.path, err))
	}
	return diags
}

// tflogWriter logs each line written to it at the info level.
type tflogWriter struct{ ctx context.Context }

func (w *tflogWriter) Write(p []byte) (int, error) {
	for _, line := range bytes.Split(bytes.TrimRight(p, "\n"), []byte("\n")) {
		tflog.Info(w.ctx, string(line))
	}
	return len(p), nil
}
