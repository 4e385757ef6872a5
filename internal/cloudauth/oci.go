package cloudauth

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/oracle/oci-go-sdk/v65/common"

	"github.com/azoci/interconnect/oci/ociclient"
)

// ociSetupFix is the one-line fix of a missing or broken OCI config.
const ociSetupFix = "run `oci setup config`"

// DefaultProfile is the OCI config profile used when none is named.
const DefaultProfile = "DEFAULT"

// Names are how a caller's users name its OCI settings, for the fixes:
// "-oci-config" and "-oci-profile" for the CLI's flags, "oci.config_file"
// and "oci.profile" for the provider's attributes.
type Names struct {
	ConfigFile string
	Profile    string
}

// OCIConfigPath is the OCI config file to use and what chose it.
type OCIConfigPath struct {
	Path   string // absolute, or relative to the working directory; "~" expanded
	Source string // the caller's setting (Names.ConfigFile), "$OCI_CONFIG_FILE" or "default"
}

// FindOCIConfig chooses the OCI config file: value if given (the caller's
// setting named setting), else $OCI_CONFIG_FILE if set (envValue), else
// ~/.oci/config. A leading "~/" is expanded with home, as the OCI SDK does.
func FindOCIConfig(setting, value, envValue, home string) OCIConfigPath {
	switch {
	case value != "":
		return OCIConfigPath{ExpandHome(value, home), setting}
	case envValue != "":
		return OCIConfigPath{ExpandHome(envValue, home), "$OCI_CONFIG_FILE"}
	default:
		return OCIConfigPath{ExpandHome("~/.oci/config", home), "default"}
	}
}

// ExpandHome replaces a leading "~/" of path with home. It leaves path alone
// when home is "".
func ExpandHome(path, home string) string {
	if rest, ok := strings.CutPrefix(path, "~/"); ok && home != "" {
		return filepath.Join(home, rest)
	}
	return path
}

// describe says where the path came from, for an error message.
func (p OCIConfigPath) describe(n Names) string {
	if p.Source == "default" {
		return "the default; choose another with " + n.ConfigFile + " or $OCI_CONFIG_FILE"
	}
	return "given by " + p.Source
}

// fix is the one-line fix of a config file that does not exist.
func (p OCIConfigPath) fix() string {
	if p.Source == "default" {
		return ociSetupFix
	}
	return "correct " + p.Source + ", or " + ociSetupFix
}

// profileHeader matches a profile's header line, "[NAME]", as the OCI SDK
// does (common/configuration.go): from the first column, up to the last "]".
var profileHeader = regexp.MustCompile(`^\[(.*)\]`)

// ociConfigFile is an OCI config file, read the way the OCI SDK reads it:
// "[PROFILE]" headers, each followed by "key=value" lines. Keys are lower
// case; where a profile appears twice, its first section counts.
type ociConfigFile struct {
	profiles []string                     // in file order
	keys     map[string]map[string]string // profile -> key -> value
}

// parseOCIConfig reads the profiles of an OCI config file.
func parseOCIConfig(data []byte) ociConfigFile {
	f := ociConfigFile{keys: map[string]map[string]string{}}
	var section map[string]string // nil before the first header and in repeated sections
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := sc.Text()
		if m := profileHeader.FindStringSubmatch(line); m != nil {
			section = nil
			if _, seen := f.keys[m[1]]; !seen {
				section = map[string]string{}
				f.keys[m[1]] = section
				f.profiles = append(f.profiles, m[1])
			}
			continue
		}
		// Like the SDK, take what lies between the first "=" and the next.
		if parts := strings.Split(line, "="); len(parts) > 1 && section != nil {
			section[strings.ToLower(strings.TrimSpace(parts[0]))] = strings.TrimSpace(parts[1])
		}
	}
	return f
}

// lookup returns the value of key in profile, or, as the OCI SDK does, in
// DEFAULT when the profile lacks it; and the profile it came from.
func (f ociConfigFile) lookup(profile, key string) (value, from string) {
	for _, p := range []string{profile, DefaultProfile} {
		if v := f.keys[p][key]; v != "" {
			return v, p
		}
	}
	return "", ""
}

// CheckOCI checks, without contacting OCI, that profile ("" means DEFAULT)
// of the config file at where can sign requests: the file exists, has the
// profile, the profile (or DEFAULT, or the SDK's environment variables)
// gives user, fingerprint, tenancy, region and key_file, and key_file is a
// readable RSA private key (with the profile's pass_phrase, if any). home
// expands a "~/" key_file; n names the caller's settings in the fixes. No
// message holds the key or the passphrase.
func CheckOCI(where OCIConfigPath, profile, home string, n Names) (common.ConfigurationProvider, *Problem) {
	problem := func(fix, format string, args ...any) *Problem {
		return &Problem{Cloud: "OCI", What: fmt.Sprintf(format, args...), Fix: fix}
	}
	if profile == "" {
		profile = DefaultProfile
	}
	path := where.Path
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, problem(where.fix(), "the config file %s does not exist (%s)", path, where.describe(n))
	case err != nil:
		return nil, problem("make it readable, or "+ociSetupFix, "the config file cannot be read: %v", err)
	}
	file := parseOCIConfig(data)
	if _, ok := file.keys[profile]; !ok {
		has := "no profiles"
		if len(file.profiles) > 0 {
			has = strings.Join(file.profiles, ", ")
		}
		return nil, problem(fmt.Sprintf("choose a profile the file has with %s, or add a [%s] section to it", n.Profile, profile),
			"profile %q is not in %s; it has %s", profile, path, has)
	}

	// The SDK's provider reads the profile, then DEFAULT, then TF_VAR_*
	// variables (and OCI_REGION for the region): what it finds is there.
	cp := common.CustomProfileConfigProvider(path, profile)
	var missing []string
	for _, k := range []struct {
		key string
		get func() (string, error)
	}{
		{"user", cp.UserOCID}, // not needed with a security_token_file; the SDK knows
		{"fingerprint", cp.KeyFingerprint},
		{"tenancy", cp.TenancyOCID},
		{"region", cp.Region},
	} {
		if _, err := k.get(); err != nil {
			missing = append(missing, k.key)
		}
	}
	keyFile, keyFrom := file.lookup(profile, "key_file")
	if keyFile == "" {
		if _, err := cp.PrivateRSAKey(); err != nil {
			missing = append(missing, "key_file")
		}
	}
	if len(missing) > 0 {
		return nil, problem("add them to the profile, or "+ociSetupFix,
			"profile %q in %s lacks %s", profile, path, strings.Join(missing, ", "))
	}

	if keyFile != "" {
		keyPath := ExpandHome(keyFile, home)
		pem, err := os.ReadFile(keyPath)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return nil, problem("correct key_file, or "+ociSetupFix+" to make a key",
				"the key_file of profile %q, %s, does not exist", keyFrom, keyPath)
		case err != nil:
			return nil, problem("make it readable by this user", "the key_file of profile %q cannot be read: %v", keyFrom, err)
		}
		pass := file.keys[keyFrom]["pass_phrase"]
		if pass == "" {
			pass = file.keys[keyFrom]["passphrase"]
		}
		if _, err := common.PrivateKeyFromBytes(pem, &pass); err != nil {
			// The SDK's parse errors name neither the key nor the passphrase.
			return nil, problem("point key_file at the API signing key (a PEM RSA private key), and set pass_phrase if it is encrypted",
				"the key_file of profile %q, %s, is not a usable RSA private key (%v)", keyFrom, keyPath, err)
		}
	}

	// Last, the library's own constructor, which runs the SDK's checks.
	validated, err := ociclient.ConfigProvider(path, profile)
	if err != nil {
		return nil, &Problem{Cloud: "OCI", What: fmt.Sprintf("profile %q in %s cannot sign requests", profile, path),
			Fix: ociSetupFix, Detail: err.Error()}
	}
	return validated, nil
}

// InRegion returns cp with its region replaced, so that an OCI client made
// with it talks to region whatever the profile says.
func InRegion(cp common.ConfigurationProvider, region string) common.ConfigurationProvider {
	return inRegion{cp, region}
}

type inRegion struct {
	common.ConfigurationProvider
	region string
}

// Region returns the region InRegion was given.
func (p inRegion) Region() (string, error) { return p.region, nil }
