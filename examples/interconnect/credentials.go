package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/user"
	"regexp"
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/oracle/oci-go-sdk/v65/common"

	"github.com/azoci/interconnect/azure/armclient"
)

// armScope is the OAuth scope of Azure Resource Manager in Azure's public
// cloud, the one armclient.NewClient talks to.
const armScope = "https://management.azure.com/.default"

// azureTokenTimeout bounds how long the Azure check waits for a token.
const azureTokenTimeout = 20 * time.Second

// newAzureCredential makes the Azure credential the command uses against the
// real clouds. Tests replace it with a fake so that nothing asks Microsoft
// Entra ID or a metadata service for a token; a test that replaces it must
// not run in parallel.
var newAzureCredential = func() (azcore.TokenCredential, error) {
	return armclient.DefaultCredential(nil)
}

// The one-line fixes of the Azure problems.
const (
	azureLoginFix   = "run `az login`, or set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET, or run where a managed identity is assigned"
	azureRefusedFix = "check AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (a client secret expires), or run `az login` again (logins expire)"
	azureNoMIFix    = "on an Azure VM or service, assign it a managed identity (and set AZURE_CLIENT_ID to a user-assigned one's client ID); elsewhere, sign in with `az login` and set AZURE_TOKEN_CREDENTIALS=dev, or set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET, so that the managed identity is not tried"
)

// imdsHost is the address of Azure's instance metadata service, where
// ManagedIdentityCredential asks for a token on a VM (azidentity,
// managed_identity_client.go, imdsEndpoint).
const imdsHost = "169.254.169.254"

// credentialProblem is what is wrong with one cloud's credentials. No field
// holds a key, token or passphrase: what and fix are this package's words
// (with at most a file path or a file or key parsing error in them), and
// what and detail go through redactSecrets before they are printed.
type credentialProblem struct {
	cloud  string // "Azure" or "OCI"
	what   string // what failed, one line
	fix    string // how to fix it, one line
	detail string // the underlying error, printed only with -v; may be "" or span lines
}

// credentials are the two clouds' credentials, checked.
type credentials struct {
	azure azcore.TokenCredential
	oci   common.ConfigurationProvider
}

// checkCredentials checks both clouds' credentials before anything reads a
// cloud: Azure by asking for a token for Azure Resource Manager, OCI by
// reading the config file's profile and its key file (see checkOCI). It
// checks both whatever happens to the first, and returns every problem.
func checkCredentials(ctx context.Context, c *config) (credentials, []credentialProblem) {
	var problems []credentialProblem
	az, azProblem := checkAzure(ctx, newAzureCredential, azureTokenTimeout)
	if azProblem != nil {
		problems = append(problems, *azProblem)
	}
	home := homeDir()
	oc, ociProblem := checkOCI(findOCIConfig(c.ociConfig, os.Getenv("OCI_CONFIG_FILE"), home), c.ociProfile, home)
	if ociProblem != nil {
		problems = append(problems, *ociProblem)
	}
	if len(problems) > 0 {
		return credentials{}, problems
	}
	return credentials{azure: az, oci: oc}, nil
}

// homeDir is the home directory the OCI SDK expands "~/" with: the user's,
// else $HOME; "" when neither is known.
func homeDir() string {
	if u, err := user.Current(); err == nil && u.HomeDir != "" {
		return u.HomeDir
	}
	home, _ := os.UserHomeDir()
	return home
}

// checkAzure makes the Azure credential with newCred and asks it for a token
// for Azure Resource Manager, waiting at most timeout (and no longer than
// ctx allows). The token is thrown away; a credential such as
// DefaultAzureCredential keeps it for the calls that follow.
func checkAzure(ctx context.Context, newCred func() (azcore.TokenCredential, error), timeout time.Duration) (azcore.TokenCredential, *credentialProblem) {
	cred, err := newCred()
	if err != nil {
		return nil, &credentialProblem{cloud: "Azure", what: "the credential cannot be set up", fix: azureLoginFix, detail: err.Error()}
	}
	tctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	_, err = cred.GetToken(tctx, policy.TokenRequestOptions{Scopes: []string{armScope}})
	if err == nil {
		return cred, nil
	}
	p := &credentialProblem{cloud: "Azure", fix: azureLoginFix, detail: err.Error()}
	switch {
	case ctx.Err() != nil:
		p.what = "interrupted while asking for a token"
		p.fix = "run the command again"
	case errors.Is(tctx.Err(), context.DeadlineExceeded):
		p.what = fmt.Sprintf("no token for Azure Resource Manager within %s: %s did not answer", timeout, endpointIn(err.Error(), "the identity endpoint"))
		p.fix = networkFix
	default:
		p.what, p.fix = diagnoseAzure(err)
	}
	return nil, p
}

// networkFix is the fix when an identity endpoint cannot be reached.
const networkFix = "check this machine's way to it (DNS, firewall, a proxy in HTTPS_PROXY), and AZURE_AUTHORITY_HOST if you set it; then run the command again"

// diagnoseAzure tells apart why DefaultAzureCredential gave no token, from
// azidentity's errors (v1.15: errors.go, chained_token_credential.go,
// managed_identity_client.go), and says what to do:
//
//   - no credential source at all: every source of the chain reported itself
//     unavailable, which azidentity returns as an error that is not an
//     *AuthenticationFailedError;
//   - a managed-identity endpoint that is not a managed identity: something
//     answered at the instance metadata address (a proxy, another cloud's
//     metadata service) or at IDENTITY_ENDPOINT, but gave no token; the chain
//     stops there, before az login is tried;
//   - a source that exists but was refused: Microsoft Entra ID answered the
//     token request with an error (a wrong secret, tenant or client ID, an
//     expired login), the response kept in RawResponse;
//   - the identity endpoint unreachable: an *AuthenticationFailedError with
//     no response at all, which azidentity makes from a transport error
//     (DNS, refused connection, TLS), whose text names the URL.
func diagnoseAzure(err error) (what, fix string) {
	var failed *azidentity.AuthenticationFailedError
	if !errors.As(err, &failed) {
		return "DefaultAzureCredential found no credential (no AZURE_* variables, workload or managed identity, or az login)", azureLoginFix
	}
	resp := failed.RawResponse
	if resp == nil {
		return endpointIn(err.Error(), "the identity endpoint") + " could not be reached (no answer)", networkFix
	}
	host := "the identity endpoint"
	if resp.Request != nil {
		host = resp.Request.URL.Host
	}
	if isManagedIdentityHost(host) {
		return fmt.Sprintf("no managed identity here: the managed-identity endpoint %s answered HTTP %d instead of a token", host, resp.StatusCode), azureNoMIFix
	}
	if resp.StatusCode >= 500 {
		return fmt.Sprintf("Microsoft Entra ID (%s) failed with HTTP %d", host, resp.StatusCode), "run the command again later; if it persists, see https://azure.status.microsoft"
	}
	why := ""
	if m := aadstsRE.FindString(err.Error()); m != "" {
		why = ": " + m
	}
	return fmt.Sprintf("a credential was found, but Microsoft Entra ID (%s) refused it with HTTP %d%s", host, resp.StatusCode, why), azureRefusedFix
}

// aadstsRE finds Entra ID's error code and its first sentence in an error
// text, such as "AADSTS7000215: Invalid client secret provided."
var aadstsRE = regexp.MustCompile(`AADSTS\d+: [^."\n]*`)

// urlRE finds the URL azidentity quotes in a transport error, such as
// Post "https://login.microsoftonline.com/…/token": dial tcp: …
var urlRE = regexp.MustCompile(`"(https?)://([^/"\s]+)`)

// endpointIn names the endpoint an error text quotes a URL of (its host),
// or says otherwise when it quotes none.
func endpointIn(text, otherwise string) string {
	if m := urlRE.FindStringSubmatch(text); m != nil {
		if isManagedIdentityHost(m[2]) {
			return "the managed-identity endpoint " + m[2]
		}
		return "the identity endpoint " + m[2]
	}
	return otherwise
}

// isManagedIdentityHost reports whether host is where a managed identity is
// asked for a token: the instance metadata service, or the endpoint App
// Service, Azure Arc and others give in IDENTITY_ENDPOINT (MSI_ENDPOINT).
func isManagedIdentityHost(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	if host == imdsHost {
		return true
	}
	for _, v := range []string{"IDENTITY_ENDPOINT", "MSI_ENDPOINT"} {
		if u, err := url.Parse(os.Getenv(v)); err == nil && u.Host != "" && u.Hostname() == host {
			return true
		}
	}
	return false
}

// secretEnvVars are the environment variables whose values are secrets: they
// are cut out of every error text the command prints.
var secretEnvVars = []string{"AZURE_CLIENT_SECRET", "AZURE_CLIENT_CERTIFICATE_PASSWORD", "AZURE_PASSWORD"}

// redactSecrets replaces the values of secretEnvVars in s by "(sensitive)".
func redactSecrets(s string) string {
	for _, name := range secretEnvVars {
		if v := os.Getenv(name); v != "" {
			s = strings.ReplaceAll(s, v, "(sensitive)")
		}
	}
	return s
}

// reportCredentials prints the credential problems on stderr: a heading,
// then one line per cloud with what failed and its fix; with -v each line is
// followed by the underlying error, indented.
func (s *session) reportCredentials(problems []credentialProblem) {
	clouds := make([]string, len(problems))
	for i, p := range problems {
		clouds[i] = p.cloud
	}
	s.errorf("the credentials for %s do not work (no cloud was read or changed):", strings.Join(clouds, " and "))
	hidden := false
	for _, p := range problems {
		fmt.Fprintf(s.stderr, "  %s: %s. Fix: %s.\n", p.cloud, redactSecrets(p.what), p.fix)
		if p.detail == "" {
			continue
		}
		if !s.cfg.verbose {
			hidden = true
			continue
		}
		fmt.Fprintln(s.stderr, indent(indent(redactSecrets(p.detail))))
	}
	if hidden {
		fmt.Fprintln(s.stderr, "Run with -v to see the underlying errors.")
	}
}
