package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"

	"github.com/azoci/interconnect/azure/armclient"
)

// transportFunc is an azcore transport made of a function.
type transportFunc func(*http.Request) (*http.Response, error)

func (f transportFunc) Do(r *http.Request) (*http.Response, error) { return f(r) }

// azureEnv are the environment variables azidentity reads to choose and make
// credentials (azidentity v1.15: azidentity.go, default_azure_credential.go,
// managed_identity_client.go).
var azureEnv = []string{"AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET", "AZURE_CLIENT_CERTIFICATE_PATH",
	"AZURE_CLIENT_CERTIFICATE_PASSWORD", "AZURE_USERNAME", "AZURE_PASSWORD", "AZURE_FEDERATED_TOKEN_FILE", "AZURE_AUTHORITY_HOST",
	"AZURE_TOKEN_CREDENTIALS", "AZURE_ADDITIONALLY_ALLOWED_TENANTS", "AZURE_REGIONAL_AUTHORITY_NAME",
	"IDENTITY_ENDPOINT", "IDENTITY_HEADER", "IDENTITY_SERVER_THUMBPRINT", "IMDS_ENDPOINT", "MSI_ENDPOINT", "MSI_SECRET"}

// TestDiagnoseAzure makes the real DefaultAzureCredential (through
// armclient.DefaultCredential) in each situation a user meets, and checks
// that the credential check names the cause and its own fix. Nothing leaves
// the process but loopback: Microsoft Entra ID is an httptest server (the
// credential's authority host), the instance metadata service is answered
// by the test's transport, and any other destination fails the test.
// AZURE_TOKEN_CREDENTIALS keeps the chain to the sources that need no
// program of the machine (az, azd, pwsh): prod is the environment, workload
// identity and managed identity, in DefaultAzureCredential's order and with
// its probe of the metadata service.
func TestDiagnoseAzure(t *testing.T) {
	const secret = "client-secret-never-shown"
	// Entra ID: discovery, then the token request answered with status.
	entra := func(status int, body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			if strings.HasSuffix(r.URL.Path, "/.well-known/openid-configuration") {
				base := "https://" + r.Host + "/tenant"
				fmt.Fprintf(w, `{"token_endpoint":"%[1]s/oauth2/v2.0/token","authorization_endpoint":"%[1]s/oauth2/v2.0/authorize","issuer":"%[1]s/v2.0"}`, base)
				return
			}
			w.WriteHeader(status)
			fmt.Fprint(w, body)
		}
	}
	const badSecret = `{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value. Trace ID: 0000","error_codes":[7000215]}`
	imdsAnswer := func(status int, body string) func(*http.Request) (*http.Response, error) {
		return func(r *http.Request) (*http.Response, error) {
			return &http.Response{StatusCode: status, Status: fmt.Sprint(status), Header: http.Header{}, Body: io.NopCloser(strings.NewReader(body)), Request: r}, nil
		}
	}
	noIMDS := func(r *http.Request) (*http.Response, error) {
		return nil, errors.New("dial tcp 169.254.169.254:80: connect: no route to host")
	}
	servicePrincipal := map[string]string{"AZURE_TOKEN_CREDENTIALS": "prod", "AZURE_TENANT_ID": "tenant", "AZURE_CLIENT_ID": "client", "AZURE_CLIENT_SECRET": secret}

	tests := []struct {
		name     string
		env      map[string]string
		entra    http.HandlerFunc // nil: Entra ID's address refuses connections
		imds     func(*http.Request) (*http.Response, error)
		what     []string
		fix      string
		notWhat  string
		wantIMDS bool // the metadata service must have been asked
	}{
		{name: "no credential source at all", env: map[string]string{"AZURE_TOKEN_CREDENTIALS": "prod"},
			imds: noIMDS, wantIMDS: true,
			what: []string{"found no credential"}, fix: azureLoginFix},
		{name: "a metadata endpoint that is not a managed identity", env: map[string]string{"AZURE_TOKEN_CREDENTIALS": "prod"},
			imds: imdsAnswer(http.StatusForbidden, `{"error":"forbidden"}`), wantIMDS: true,
			what: []string{"no managed identity here", "169.254.169.254 answered HTTP 403"}, fix: azureNoMIFix, notWhat: "refused"},
		{name: "a service principal Entra ID refuses", env: servicePrincipal, entra: entra(http.StatusUnauthorized, badSecret), imds: noIMDS,
			what: []string{"Microsoft Entra ID (127.0.0.1:", "refused it with HTTP 401: AADSTS7000215: Invalid client secret provided"}, fix: azureRefusedFix},
		{name: "Entra ID unreachable", env: servicePrincipal, imds: noIMDS,
			what: []string{"the identity endpoint 127.0.0.1:", "could not be reached"}, fix: networkFix, notWhat: "refused"},
		{name: "Entra ID failing", env: servicePrincipal, entra: entra(http.StatusServiceUnavailable, `{}`), imds: noIMDS,
			what: []string{"failed with HTTP 503"}, fix: "run the command again later", notWhat: "refused"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, k := range azureEnv {
				t.Setenv(k, "") // restored after the test
				os.Unsetenv(k)
			}
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			var authority string
			var authorityClient *http.Client
			if tt.entra != nil {
				srv := httptest.NewTLSServer(tt.entra)
				defer srv.Close()
				authority, authorityClient = srv.URL, srv.Client()
			} else {
				ln, err := net.Listen("tcp", "127.0.0.1:0")
				if err != nil {
					t.Fatal(err)
				}
				authority = "https://" + ln.Addr().String()
				ln.Close() // nothing listens there now: connections are refused
				authorityClient = &http.Client{}
			}
			askedIMDS := false
			transport := transportFunc(func(r *http.Request) (*http.Response, error) {
				switch {
				case r.URL.Host == imdsHost:
					askedIMDS = true
					return tt.imds(r)
				case strings.HasPrefix(authority, "https://"+r.URL.Host):
					return authorityClient.Do(r)
				}
				t.Errorf("the credential called %s, which is neither the test's Entra ID nor its metadata service", r.URL)
				return nil, errors.New("test: no network")
			})
			newCred := func() (azcore.TokenCredential, error) {
				return armclient.DefaultCredential(&azidentity.DefaultAzureCredentialOptions{
					DisableInstanceDiscovery: true,
					ClientOptions: policy.ClientOptions{Transport: transport, Retry: policy.RetryOptions{MaxRetries: -1},
						Cloud: cloud.Configuration{ActiveDirectoryAuthorityHost: authority + "/"}},
				})
			}
			cred, p := checkAzure(context.Background(), newCred, 10*time.Second)
			if p == nil {
				t.Fatalf("got a token from %T", cred)
			}
			for _, w := range tt.what {
				if !strings.Contains(p.what, w) {
					t.Errorf("what lacks %q: %s", w, p.what)
				}
			}
			if tt.notWhat != "" && strings.Contains(p.what, tt.notWhat) {
				t.Errorf("what says %q: %s", tt.notWhat, p.what)
			}
			if !strings.Contains(p.fix, tt.fix) {
				t.Errorf("fix %q, want %q", p.fix, tt.fix)
			}
			if strings.Contains(p.what+p.fix, secret) {
				t.Errorf("the client secret is in the problem: %+v", p)
			}
			if askedIMDS != tt.wantIMDS {
				t.Errorf("metadata service asked: %v, want %v", askedIMDS, tt.wantIMDS)
			}
			t.Logf("Azure: %s. Fix: %s.", p.what, p.fix)
		})
	}
}
