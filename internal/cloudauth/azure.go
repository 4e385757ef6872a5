// Package cloudauth checks the credentials of both clouds before anything
// reads a cloud, and says for each problem what failed and how to fix it:
// Azure by asking for a token for Azure Resource Manager, OCI by reading the
// config file's profile and its key file without contacting OCI. The
// interconnect CLI and the OpenTofu provider both report through it, each
// naming its own settings (Names).
//
// No Problem holds a key, token or passphrase: What and Fix are this
// package's words (with at most a file path, or a file or key parsing error,
// in them), and callers pass What and Detail through RedactSecrets before
// printing them.
package cloudauth

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
)

// Problem is what is wrong with one cloud's credentials.
type Problem struct {
	Cloud  string // "Azure" or "OCI"
	What   string // what failed, one line
	Fix    string // how to fix it, one line
	Detail string // the underlying error; may be "" or span lines
}

// ARMScope is the OAuth scope of Azure Resource Manager in Azure's public
// cloud, the one armclient.NewClient talks to.
const ARMScope = "https://management.azure.com/.default"

// The one-line fixes of the Azure problems.
const (
	AzureLoginFix   = "run `az login`, or set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET, or run where a managed identity is assigned"
	AzureRefusedFix = "check AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (a client secret expires), or run `az login` again (logins expire)"
	AzureNoMIFix    = "on an Azure VM or service, assign it a managed identity (and set AZURE_CLIENT_ID to a user-assigned one's client ID); elsewhere, sign in with `az login` and set AZURE_TOKEN_CREDENTIALS=dev, or set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET, so that the managed identity is not tried"
	// NetworkFix is the fix when an identity endpoint cannot be reached.
	NetworkFix = "check this machine's way to it (DNS, firewall, a proxy in HTTPS_PROXY), and AZURE_AUTHORITY_HOST if you set it; then run the command again"
)

// IMDSHost is the address of Azure's instance metadata service, where
// ManagedIdentityCredential asks for a token on a VM (azidentity,
// managed_identity_client.go, imdsEndpoint).
const IMDSHost = "169.254.169.254"

// CheckAzure makes the Azure credential with newCred and asks it for a token
// for Azure Resource Manager, waiting at most timeout (and no longer than
// ctx allows). The token is thrown away; a credential such as
// DefaultAzureCredential keeps it for the calls that follow. retry is what
// the user runs again after an interruption ("run the command again").
func CheckAzure(ctx context.Context, newCred func() (azcore.TokenCredential, error), timeout time.Duration, retry string) (azcore.TokenCredential, *Problem) {
	cred, err := newCred()
	if err != nil {
		return nil, &Problem{Cloud: "Azure", What: "the credential cannot be set up", Fix: AzureLoginFix, Detail: err.Error()}
	}
	tctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	_, err = cred.GetToken(tctx, policy.TokenRequestOptions{Scopes: []string{ARMScope}})
	if err == nil {
		return cred, nil
	}
	p := &Problem{Cloud: "Azure", Fix: AzureLoginFix, Detail: err.Error()}
	switch {
	case ctx.Err() != nil:
		p.What = "interrupted while asking for a token"
		p.Fix = retry
	case errors.Is(tctx.Err(), context.DeadlineExceeded):
		p.What = fmt.Sprintf("no token for Azure Resource Manager within %s: %s did not answer", timeout, endpointIn(err.Error(), "the identity endpoint"))
		p.Fix = NetworkFix
	default:
		p.What, p.Fix = diagnoseAzure(err)
	}
	return nil, p
}

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
		return "DefaultAzureCredential found no credential (no AZURE_* variables, workload or managed identity, or az login)", AzureLoginFix
	}
	resp := failed.RawResponse
	if resp == nil {
		return endpointIn(err.Error(), "the identity endpoint") + " could not be reached (no answer)", NetworkFix
	}
	host := "the identity endpoint"
	if resp.Request != nil {
		host = resp.Request.URL.Host
	}
	if isManagedIdentityHost(host) {
		return fmt.Sprintf("no managed identity here: the managed-identity endpoint %s answered HTTP %d instead of a token", host, resp.StatusCode), AzureNoMIFix
	}
	if resp.StatusCode >= 500 {
		return fmt.Sprintf("Microsoft Entra ID (%s) failed with HTTP %d", host, resp.StatusCode), "run the command again later; if it persists, see https://azure.status.microsoft"
	}
	why := ""
	if m := aadstsRE.FindString(err.Error()); m != "" {
		why = ": " + m
	}
	return fmt.Sprintf("a credential was found, but Microsoft Entra ID (%s) refused it with HTTP %d%s", host, resp.StatusCode, why), AzureRefusedFix
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
	if host == IMDSHost {
		return true
	}
	for _, v := range []string{"IDENTITY_ENDPOINT", "MSI_ENDPOINT"} {
		if u, err := url.Parse(os.Getenv(v)); err == nil && u.Host != "" && u.Hostname() == host {
			return true
		}
	}
	return false
}

// HomeDir is the home directory the OCI SDK expands "~/" with: the user's,
// else $HOME; "" when neither is known.
func HomeDir() string {
	if u, err := user.Current(); err == nil && u.HomeDir != "" {
		return u.HomeDir
	}
	home, _ := os.UserHomeDir()
	return home
}

// secretEnvVars are the environment variables whose values are secrets: they
// are cut out of every error text the callers print.
var secretEnvVars = []string{"AZURE_CLIENT_SECRET", "AZURE_CLIENT_CERTIFICATE_PASSWORD", "AZURE_PASSWORD"}

// RedactSecrets replaces the values of the environment variables that hold
// Azure secrets (AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PASSWORD,
// AZURE_PASSWORD) in s by "(sensitive)".
func RedactSecrets(s string) string {
	for _, name := range secretEnvVars {
		if v := os.Getenv(name); v != "" {
			s = strings.ReplaceAll(s, v, "(sensitive)")
		}
	}
	return s
}
