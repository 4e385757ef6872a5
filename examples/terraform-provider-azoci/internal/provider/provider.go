package provider

import (
	"context"
	"os"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/oracle/oci-go-sdk/v65/common"

	"github.com/azoci/interconnect/azure/armclient"
	"github.com/azoci/interconnect/internal/cloudauth"
	"github.com/azoci/interconnect/oci/ociclient"
)

// Address is the provider's source address on the OpenTofu registry; on
// Terraform's it is registry.terraform.io/azoci/azoci.
const Address = "registry.opentofu.org/azoci/azoci"

// New returns the provider factory providerserver serves.
func New(version string) func() provider.Provider {
	return func() provider.Provider { return &azociProvider{version: version} }
}

type azociProvider struct{ version string }

// providerModel is the provider block.
type providerModel struct {
	Azure     *azureConfig `tfsdk:"azure"`
	OCI       *ociConfig   `tfsdk:"oci"`
	Simulator *simConfig   `tfsdk:"simulator"`
}

type azureConfig struct {
	SubscriptionID types.String `tfsdk:"subscription_id"`
}

type ociConfig struct {
	ConfigFile types.String `tfsdk:"config_file"`
	Profile    types.String `tfsdk:"profile"`
	Auth       types.String `tfsdk:"auth"`
}

type simConfig struct {
	StateFile types.String  `tfsdk:"state_file"`
	TimeScale types.Float64 `tfsdk:"time_scale"`
}

// The OCI authentication methods, named as Oracle's OCI provider names them.
const (
	authAPIKey            = "APIKey"
	authInstancePrincipal = "InstancePrincipal"
)

// defaultTimeScale is the CLI's -sim-scale default: simulated time runs 500
// times faster, so the 40 minutes of a gateway take 4.8 seconds.
const defaultTimeScale = 1.0 / 500

// azureTokenTimeout bounds how long Configure waits for an Azure token.
const azureTokenTimeout = 20 * time.Second

// newAzureCredential makes the Azure credential; tests replace it.
var newAzureCredential = func() (azcore.TokenCredential, error) { return armclient.DefaultCredential(nil) }

// providerNames are the provider's OCI attributes, as the fixes name them.
var providerNames = cloudauth.Names{ConfigFile: "oci.config_file", Profile: "oci.profile"}

func (p *azociProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "azoci"
	resp.Version = p.version
}

func (p *azociProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "The Azure ExpressRoute ↔ OCI FastConnect interconnect, built, checked and torn down by github.com/azoci/interconnect. " +
			"Give azure and oci to work on the real clouds, or simulator to work on a simulated world kept in a file.",
		Attributes: map[string]schema.Attribute{
			"azure": schema.SingleNestedAttribute{Optional: true,
				Description: "Azure credentials come from DefaultAzureCredential: the environment (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET or a certificate), workload identity, a managed identity, or az login.",
				Attributes: map[string]schema.Attribute{
					"subscription_id": schema.StringAttribute{Optional: true,
						Description: "When set, every interconnect of this provider configuration must be in this subscription (use an alias for another)."},
				}},
			"oci": schema.SingleNestedAttribute{Optional: true,
				Description: "OCI credentials: an API signing key from a config file profile (the default), or instance principals.",
				Attributes: map[string]schema.Attribute{
					"config_file": schema.StringAttribute{Optional: true, Description: "The OCI config file; $OCI_CONFIG_FILE, else ~/.oci/config."},
					"profile":     schema.StringAttribute{Optional: true, Description: "The profile of the config file; DEFAULT by default."},
					"auth": schema.StringAttribute{Optional: true, Validators: []validator.String{oneOf(authAPIKey, authInstancePrincipal)},
						Description: "APIKey (the config file's profile, the default) or InstancePrincipal (the OCI compute instance this runs on)."},
				}},
			"simulator": schema.SingleNestedAttribute{Optional: true,
				Description: "Work on the library's simulator instead of the real clouds, kept in state_file as the interconnect CLI's -sim keeps it. The networks an interconnect names are seeded when missing; simulated time runs fast.",
				Attributes: map[string]schema.Attribute{
					"state_file": schema.StringAttribute{Required: true, Description: "The simulated world's file (holds the simulated service keys in plain text); made when missing."},
					"time_scale": schema.Float64Attribute{Optional: true,
						Description: "How much real time a simulated second takes, in (0, 1]: 0.002 by default (the 40 minutes of a gateway take 4.8 seconds), as the CLI's -sim-scale."},
				}},
		},
	}
}

func (p *azociProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var m providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if m.Simulator != nil {
		if m.Azure != nil || m.OCI != nil {
			resp.Diagnostics.AddAttributeError(path.Root("simulator"), "The simulator replaces both clouds",
				"Give either simulator, or azure and oci: remove the azure and oci blocks to work on the simulator.")
			return
		}
		if m.Simulator.StateFile.IsUnknown() || m.Simulator.TimeScale.IsUnknown() {
			return // known at apply; resources say so if they need it
		}
		scale := defaultTimeScale
		if !m.Simulator.TimeScale.IsNull() {
			scale = m.Simulator.TimeScale.ValueFloat64()
		}
		if scale <= 0 || scale > 1 {
			resp.Diagnostics.AddAttributeError(path.Root("simulator").AtName("time_scale"), "time_scale out of range",
				"Give a factor in (0, 1], such as 0.002 (500 times faster than the real clouds).")
			return
		}
		b := &simBackend{path: m.Simulator.StateFile.ValueString(), scale: scale}
		resp.ResourceData, resp.DataSourceData = b, b
		return
	}
	b, ok := configureReal(ctx, m, resp)
	if ok {
		resp.ResourceData, resp.DataSourceData = b, b
	}
}

// configureReal checks both clouds' credentials, as the CLI does before it
// reads a cloud, and reports every problem at once, each with its fix.
func configureReal(ctx context.Context, m providerModel, resp *provider.ConfigureResponse) (*realBackend, bool) {
	b := &realBackend{}
	if m.Azure != nil {
		if m.Azure.SubscriptionID.IsUnknown() {
			return nil, false
		}
		b.subscription = m.Azure.SubscriptionID.ValueString()
	}
	oc := ociConfig{}
	if m.OCI != nil {
		oc = *m.OCI
	}
	if oc.ConfigFile.IsUnknown() || oc.Profile.IsUnknown() || oc.Auth.IsUnknown() {
		return nil, false
	}
	cred, azProblem := cloudauth.CheckAzure(ctx, newAzureCredential, azureTokenTimeout, "run the command again")
	var cp common.ConfigurationProvider
	var ociProblem *cloudauth.Problem
	if oc.Auth.ValueString() == authInstancePrincipal {
		if !oc.ConfigFile.IsNull() || !oc.Profile.IsNull() {
			resp.Diagnostics.AddAttributeError(path.Root("oci").AtName("auth"), "config_file and profile do not go with InstancePrincipal",
				"Remove oci.config_file and oci.profile, or set oci.auth to APIKey.")
			return nil, false
		}
		var err error
		if cp, err = ociclient.InstancePrincipalProvider(); err != nil {
			ociProblem = &cloudauth.Problem{Cloud: "OCI", What: "instance principals are not available here",
				Fix: "run on an OCI compute instance whose dynamic group a policy lets manage the network resources, or use oci.config_file and oci.profile", Detail: err.Error()}
		}
	} else {
		home := cloudauth.HomeDir()
		where := cloudauth.FindOCIConfig(providerNames.ConfigFile, oc.ConfigFile.ValueString(), os.Getenv("OCI_CONFIG_FILE"), home)
		cp, ociProblem = cloudauth.CheckOCI(where, oc.Profile.ValueString(), home, providerNames)
	}
	for _, pr := range []struct {
		p    *cloudauth.Problem
		path path.Path
	}{{azProblem, path.Root("azure")}, {ociProblem, path.Root("oci")}} {
		if pr.p == nil {
			continue
		}
		detail := cloudauth.RedactSecrets(pr.p.What) + ".\nFix: " + pr.p.Fix + "."
		if pr.p.Detail != "" {
			detail += "\n\n" + cloudauth.RedactSecrets(pr.p.Detail)
		}
		resp.Diagnostics.AddAttributeError(pr.path, "The "+pr.p.Cloud+" credentials do not work (no cloud was read or changed)", detail)
	}
	if resp.Diagnostics.HasError() {
		return nil, false
	}
	b.cred, b.ociConfig = cred, cp
	return b, true
}

func (p *azociProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{newInterconnectResource}
}

func (p *azociProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{newHealthDataSource}
}
