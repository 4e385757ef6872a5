package main

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
)

func TestMain(m *testing.M) {
	// No test may reach the real credential chain: it would ask Microsoft
	// Entra ID, the Azure CLI or a metadata service. A test that needs a
	// credential sets its own with useAzureCredential.
	newAzureCredential = func() (azcore.TokenCredential, error) {
		return nil, errors.New("test: the real Azure credential chain must not be used in tests")
	}
	m.Run()
}

// useAzureCredential makes the command use cred until the test ends. The
// test must not be parallel.
func useAzureCredential(t *testing.T, cred azcore.TokenCredential) {
	t.Helper()
	old := newAzureCredential
	newAzureCredential = func() (azcore.TokenCredential, error) { return cred, nil }
	t.Cleanup(func() { newAzureCredential = old })
}

// fakeCredential answers GetToken with err, or with a token when err is nil;
// with block it waits for the context to end instead.
type fakeCredential struct {
	err   error
	block bool

	mu     sync.Mutex
	calls  int
	scopes []string // of the last call
}

func (f *fakeCredential) GetToken(ctx context.Context, opts policy.TokenRequestOptions) (azcore.AccessToken, error) {
	f.mu.Lock()
	f.calls++
	f.scopes = opts.Scopes
	f.mu.Unlock()
	if f.block {
		<-ctx.Done()
		return azcore.AccessToken{}, ctx.Err()
	}
	if f.err != nil {
		return azcore.AccessToken{}, f.err
	}
	return azcore.AccessToken{Token: "fake-token-never-printed", ExpiresOn: time.Now().Add(time.Hour)}, nil
}

func (f *fakeCredential) callCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls
}

// chainError is DefaultAzureCredential's error when no credential is
// available, as azidentity v1.15 words it: many lines, one per credential.
var chainError = azidentity.NewCredentialUnavailableError(`DefaultAzureCredential: failed to acquire a token.
Attempted credentials:
	EnvironmentCredential: missing environment variable AZURE_TENANT_ID
	WorkloadIdentityCredential: no client ID specified
	ManagedIdentityCredential: no response from the IMDS endpoint
	AzureCLICredential: Azure CLI not found on path
	AzureDeveloperCLICredential: Azure Developer CLI not found on path`)

func TestCheckAzure(t *testing.T) {
	t.Parallel()
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name    string
		cred    *fakeCredential
		newErr  error // from making the credential
		ctx     context.Context
		want    []string // substrings of what and fix; nil means no problem
		wantErr string   // substring of detail
	}{
		{name: "token", cred: &fakeCredential{}},
		{name: "no credential in the chain", cred: &fakeCredential{err: chainError},
			want:    []string{"DefaultAzureCredential found no credential", "`az login`", "AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET", "managed identity"},
			wantErr: "AzureCLICredential: Azure CLI not found on path"},
		{name: "failed without an answer", cred: &fakeCredential{err: &azidentity.AuthenticationFailedError{}},
			want: []string{"the identity endpoint could not be reached", "DNS, firewall, a proxy in HTTPS_PROXY"}},
		{name: "cannot be made", newErr: errors.New("AZURE_TOKEN_CREDENTIALS: unknown value"),
			want: []string{"cannot be set up", "az login"}, wantErr: "AZURE_TOKEN_CREDENTIALS"},
		{name: "timeout", cred: &fakeCredential{block: true},
			want: []string{"no token for Azure Resource Manager within 20ms: the identity endpoint did not answer", "DNS, firewall"}, wantErr: "deadline exceeded"},
		{name: "interrupted", cred: &fakeCredential{block: true}, ctx: canceled,
			want: []string{"interrupted"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx := tt.ctx
			if ctx == nil {
				ctx = context.Background()
			}
			newCred := func() (azcore.TokenCredential, error) {
				if tt.newErr != nil {
					return nil, tt.newErr
				}
				return tt.cred, nil
			}
			start := time.Now()
			cred, p := checkAzure(ctx, newCred, 20*time.Millisecond)
			if took := time.Since(start); took > 5*time.Second {
				t.Errorf("the check took %s; the timeout is 20ms", took)
			}
			if tt.cred != nil && (len(tt.cred.scopes) != 1 || tt.cred.scopes[0] != "https://management.azure.com/.default") {
				t.Errorf("asked for a token for %q, want the ARM scope", tt.cred.scopes)
			}
			if tt.want == nil {
				if p != nil {
					t.Fatalf("want no problem, got %+v", *p)
				}
				if cred != tt.cred {
					t.Errorf("got credential %v, want the one made", cred)
				}
				return
			}
			if p == nil {
				t.Fatalf("want a problem with %q, got none", tt.want)
			}
			if cred != nil {
				t.Errorf("a problem and a credential")
			}
			line := p.what + ". Fix: " + p.fix
			if strings.Contains(line, "\n") {
				t.Errorf("what and fix span lines:\n%s", line)
			}
			for _, w := range tt.want {
				if !strings.Contains(line, w) {
					t.Errorf("lacks %q: %s", w, line)
				}
			}
			if !strings.Contains(p.detail, tt.wantErr) {
				t.Errorf("detail lacks %q:\n%s", tt.wantErr, p.detail)
			}
		})
	}
}

// TestCheckCredentials checks both clouds together: a good pair passes, and
// two bad ones give two problems, Azure's first.
func TestCheckCredentials(t *testing.T) {
	hermeticOCIEnv(t)
	configPath, _ := ociFixture(t, nil)

	good := &fakeCredential{}
	useAzureCredential(t, good)
	creds, problems := checkCredentials(context.Background(), &config{ociConfig: configPath, ociProfile: "DEV"})
	if len(problems) > 0 {
		t.Fatalf("good credentials: %+v", problems)
	}
	if creds.azure != good || creds.oci == nil {
		t.Errorf("good credentials: got %+v", creds)
	}
	if region, err := creds.oci.Region(); err != nil || region != "eu-frankfurt-1" {
		t.Errorf("OCI region %q, %v; want DEV's, eu-frankfurt-1", region, err)
	}

	useAzureCredential(t, &fakeCredential{err: chainError})
	creds, problems = checkCredentials(context.Background(), &config{ociConfig: configPath, ociProfile: "PROD"})
	if len(problems) != 2 || problems[0].cloud != "Azure" || problems[1].cloud != "OCI" {
		t.Fatalf("want an Azure and an OCI problem, got %+v", problems)
	}
	if creds.azure != nil || creds.oci != nil {
		t.Errorf("problems and credentials: %+v", creds)
	}
}

// TestCredentialErrors runs the command without -sim against fake Azure
// credentials and OCI config files in a temporary directory: it must stop
// with exit 1 before it reads a cloud, and say on stderr what is wrong.
func TestCredentialErrors(t *testing.T) {
	hermeticOCIEnv(t)
	const secret = "client-secret-never-printed"
	t.Setenv("AZURE_CLIENT_SECRET", secret)
	e := newEnv(t, specYAML(""))
	configPath, _ := ociFixture(t, nil)
	leaky := azidentity.NewCredentialUnavailableError("DefaultAzureCredential: failed to acquire a token.\nAttempted credentials:\n\tEnvironmentCredential: the secret " + secret + " was refused")

	tests := []struct {
		name    string
		cred    *fakeCredential
		args    []string
		want    []string // substrings of stderr
		notWant []string // substrings that must not be on stderr
		lines   int      // lines on stderr, when not 0
	}{
		{name: "unknown OCI profile", cred: &fakeCredential{},
			args: []string{"-oci-profile", "PROD"},
			want: []string{"Error: the credentials for OCI do not work (no cloud was read or changed):\n",
				`  OCI: profile "PROD" is not in ` + configPath + "; it has DEFAULT, DEV. Fix: choose a profile the file has with -oci-profile, or add a [PROD] section to it.\n"},
			notWant: []string{"Azure", "Run with -v"},
			lines:   2},
		{name: "missing OCI config file", cred: &fakeCredential{},
			args:  []string{"-oci-config", configPath + ".missing"},
			want:  []string{"  OCI: the config file " + configPath + ".missing does not exist (given by -oci-config). Fix: correct -oci-config, or run `oci setup config`.\n"},
			lines: 2},
		{name: "both, without -v", cred: &fakeCredential{err: chainError},
			args: []string{"-oci-profile", "PROD"},
			want: []string{"Error: the credentials for Azure and OCI do not work (no cloud was read or changed):\n",
				"  Azure: DefaultAzureCredential found no credential (no AZURE_* variables, workload or managed identity, or az login). Fix: run `az login`, or set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET, or run where a managed identity is assigned.\n",
				`  OCI: profile "PROD" is not in `,
				"Run with -v to see the underlying errors.\n"},
			notWant: []string{"Attempted credentials", "EnvironmentCredential"},
			lines:   4},
		{name: "both, with -v", cred: &fakeCredential{err: chainError},
			args: []string{"-oci-profile", "PROD", "-v"},
			want: []string{"  Azure: DefaultAzureCredential found no credential (no AZURE_* variables, workload or managed identity, or az login). Fix: run `az login`",
				"\n    DefaultAzureCredential: failed to acquire a token.\n    Attempted credentials:\n    \tEnvironmentCredential: missing environment variable AZURE_TENANT_ID\n",
				"\tAzureCLICredential: Azure CLI not found on path\n",
				`  OCI: profile "PROD" is not in `},
			notWant: []string{"Run with -v"}},
		{name: "a secret in the chain's text", cred: &fakeCredential{err: leaky},
			args:    []string{"-v"},
			want:    []string{"EnvironmentCredential: the secret (sensitive) was refused"},
			notWant: []string{secret, "OCI"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			useAzureCredential(t, tt.cred)
			args := append([]string{"plan", "-f", e.spec, "-no-color", "-oci-config", configPath}, tt.args...)
			r := call(context.Background(), "", args...)
			if r.code != exitError {
				t.Fatalf("want exit 1, got %s", r)
			}
			if r.stdout != "" {
				t.Errorf("want nothing on stdout:\n%s", r)
			}
			for _, w := range tt.want {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, r.stderr)
				}
			}
			for _, w := range append(tt.notWant, "fake-token", "PRIVATE KEY") {
				if strings.Contains(r.stderr, w) {
					t.Errorf("stderr has %q:\n%s", w, r.stderr)
				}
			}
			if n := strings.Count(r.stderr, "\n"); tt.lines != 0 && n != tt.lines {
				t.Errorf("stderr has %d lines, want %d:\n%s", n, tt.lines, r.stderr)
			}
			if tt.cred.callCount() != 1 {
				t.Errorf("asked for %d Azure tokens, want 1", tt.cred.callCount())
			}
		})
	}
}

// TestSimNeedsNoCredentials: with -sim no credential is made or asked.
func TestSimNeedsNoCredentials(t *testing.T) {
	made := false
	old := newAzureCredential
	newAzureCredential = func() (azcore.TokenCredential, error) { made = true; return &fakeCredential{}, nil }
	t.Cleanup(func() { newAzureCredential = old })
	e := newEnv(t, specYAML(""))
	r := e.sim("", "plan", "-oci-config", filepath.Join(e.dir, "no-such-config"), "-oci-profile", "NOPE")
	if r.code != exitOK {
		t.Fatalf("plan -sim: %s", r)
	}
	if made || strings.Contains(r.stderr, "credentials") {
		t.Errorf("plan -sim checked credentials:\n%s", r)
	}
}
