package main

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// testKey is an RSA private key in PEM, made once.
var testKey = sync.OnceValue(func() []byte {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(k)})
})

const testPassphrase = "pass-phrase-never-printed"

// goodOCIConfig is a config file with the profiles DEFAULT and DEV, both
// complete; DEV takes its tenancy from DEFAULT, as the SDK allows.
func goodOCIConfig(keyFile string) string {
	return `[DEFAULT]
user=ocid1.user.oc1..aaaaaaaadefaultuser
fingerprint=11:22:33:44:55:66:77:88:99:00:aa:bb:cc:dd:ee:ff
tenancy=ocid1.tenancy.oc1..aaaaaaaatesttenancy
region=us-ashburn-1
key_file=` + keyFile + `

[DEV]
user=ocid1.user.oc1..aaaaaaaadevuser
fingerprint=ff:ee:dd:cc:bb:aa:00:99:88:77:66:55:44:33:22:11
region=eu-frankfurt-1
key_file=` + keyFile + `
`
}

// ociFixture writes the key and the config goodOCIConfig (or config(key
// path), when given) into a new directory, and returns the config's path.
func ociFixture(t *testing.T, config func(keyFile string) string) (configPath, keyPath string) {
	t.Helper()
	dir := t.TempDir()
	keyPath = filepath.Join(dir, "oci_api_key.pem")
	configPath = filepath.Join(dir, "config")
	if config == nil {
		config = goodOCIConfig
	}
	if err := os.WriteFile(keyPath, testKey(), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(configPath, []byte(config(keyPath)), 0o600); err != nil {
		t.Fatal(err)
	}
	return configPath, keyPath
}

// hermeticOCIEnv unsets the environment variables the OCI SDK falls back
// on, so that a key missing from a test's config file is missing. The test
// must not be parallel.
func hermeticOCIEnv(t *testing.T) {
	for _, name := range []string{"OCI_REGION", "TF_VAR_user_ocid", "TF_VAR_fingerprint", "TF_VAR_tenancy_ocid", "TF_VAR_region", "TF_VAR_private_key_path"} {
		t.Setenv(name, "") // restores the old value when the test ends
		os.Unsetenv(name)
	}
}

func TestFindOCIConfig(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, flag, env string
		want            ociConfigPath
	}{
		{"flag wins", "/etc/oci.conf", "/env/config", ociConfigPath{"/etc/oci.conf", "-oci-config"}},
		{"flag with ~", "~/other/config", "", ociConfigPath{"/home/u/other/config", "-oci-config"}},
		{"environment", "", "/env/config", ociConfigPath{"/env/config", "$OCI_CONFIG_FILE"}},
		{"default", "", "", ociConfigPath{"/home/u/.oci/config", "default"}},
	}
	for _, tt := range tests {
		if got := findOCIConfig(tt.flag, tt.env, "/home/u"); got != tt.want {
			t.Errorf("%s: findOCIConfig(%q, %q) = %+v, want %+v", tt.name, tt.flag, tt.env, got, tt.want)
		}
	}
}

func TestCheckOCI(t *testing.T) {
	hermeticOCIEnv(t)
	// replace makes goodOCIConfig with old/new pairs replaced.
	replace := func(oldnew ...string) func(string) string {
		return func(key string) string { return strings.NewReplacer(oldnew...).Replace(goodOCIConfig(key)) }
	}
	tests := []struct {
		name    string
		config  func(keyFile string) string // nil: goodOCIConfig
		where   func(configPath string) ociConfigPath
		profile string
		// want are substrings of the problem's what and fix; nil means no problem.
		want []string
	}{
		{name: "DEFAULT", profile: "DEFAULT"},
		{name: "DEV takes tenancy from DEFAULT", profile: "DEV"},
		{name: "empty profile means DEFAULT", profile: ""},
		{name: "unknown profile", profile: "PROD",
			want: []string{`profile "PROD" is not in `, "; it has DEFAULT, DEV", "choose a profile the file has with -oci-profile, or add a [PROD] section to it"}},
		{name: "no profiles at all", profile: "DEFAULT", config: func(string) string { return "# empty\n" },
			want: []string{`profile "DEFAULT" is not in `, "it has no profiles"}},
		{name: "missing file from the flag", profile: "DEFAULT",
			where: func(p string) ociConfigPath { return ociConfigPath{p + ".missing", "-oci-config"} },
			want:  []string{"config.missing does not exist (given by -oci-config)", "correct -oci-config, or run `oci setup config`"}},
		{name: "missing file from the environment", profile: "DEFAULT",
			where: func(p string) ociConfigPath { return ociConfigPath{p + ".missing", "$OCI_CONFIG_FILE"} },
			want:  []string{"config.missing does not exist (given by $OCI_CONFIG_FILE)", "correct $OCI_CONFIG_FILE, or run `oci setup config`"}},
		{name: "missing default file", profile: "DEFAULT",
			where: func(p string) ociConfigPath { return ociConfigPath{p + ".missing", "default"} },
			want:  []string{"does not exist (the default; choose another with -oci-config or $OCI_CONFIG_FILE)", "Fix: run `oci setup config`"}},
		{name: "key_file names no file", profile: "DEV", config: replace(".pem", ".gone"),
			want: []string{`the key_file of profile "DEV", `, "oci_api_key.gone, does not exist", "correct key_file"}},
		{name: "no key_file anywhere", profile: "DEFAULT",
			config: func(key string) string { return strings.ReplaceAll(goodOCIConfig(key), "key_file="+key+"\n", "") },
			want:   []string{`profile "DEFAULT" in `, " lacks key_file", "add them to the profile"}},
		{name: "fingerprint missing", profile: "DEFAULT", config: replace("fingerprint=", "fingerprnt="),
			want: []string{" lacks fingerprint"}},
		{name: "tenancy missing in DEV and DEFAULT", profile: "DEV", config: replace("tenancy=", "# tenancy="),
			want: []string{`profile "DEV" in `, " lacks tenancy"}},
		{name: "several missing", profile: "DEFAULT", config: replace("user=", "usr=", "tenancy=", "tenncy="),
			want: []string{" lacks user, tenancy"}},
		{name: "key_file is not a key", profile: "DEFAULT",
			config: func(key string) string {
				return strings.ReplaceAll(goodOCIConfig(key), "key_file="+key, "key_file="+filepath.Join(filepath.Dir(key), "config")+"\npass_phrase="+testPassphrase)
			},
			want: []string{`the key_file of profile "DEFAULT", `, "is not a usable RSA private key", "pass_phrase"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			configPath, _ := ociFixture(t, tt.config)
			where := ociConfigPath{configPath, "-oci-config"}
			if tt.where != nil {
				where = tt.where(configPath)
			}
			cp, p := checkOCI(where, tt.profile, "/nonexistent-home")
			if tt.want == nil {
				if p != nil {
					t.Fatalf("want no problem, got %+v", *p)
				}
				if _, err := cp.KeyID(); err != nil {
					t.Errorf("the checked provider has no key ID: %v", err)
				}
				return
			}
			if p == nil {
				t.Fatalf("want a problem with %q, got none", tt.want)
			}
			if p.cloud != "OCI" {
				t.Errorf("cloud %q, want OCI", p.cloud)
			}
			text := p.what + ". Fix: " + p.fix + "\n" + p.detail
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("problem lacks %q:\n%s", w, text)
				}
			}
			for _, secret := range []string{"PRIVATE KEY", testPassphrase} {
				if strings.Contains(text, secret) {
					t.Errorf("problem shows %q:\n%s", secret, text)
				}
			}
		})
	}
}

// TestCheckOCIExpandsHomeInKeyFile: a key_file "~/..." is looked for in the
// home directory. (Only the failure is tested: the SDK, which checks last,
// expands "~" with the real home directory.)
func TestCheckOCIExpandsHomeInKeyFile(t *testing.T) {
	hermeticOCIEnv(t)
	home := t.TempDir()
	configPath, _ := ociFixture(t, func(key string) string { return strings.ReplaceAll(goodOCIConfig(key), key, "~/.oci/key.pem") })
	_, p := checkOCI(ociConfigPath{configPath, "-oci-config"}, "DEV", home)
	want := filepath.Join(home, ".oci", "key.pem") + ", does not exist"
	if p == nil || !strings.Contains(p.what, want) {
		t.Fatalf("key_file ~/.oci/key.pem: want %q, got %+v", want, p)
	}
}
