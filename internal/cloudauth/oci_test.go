package cloudauth

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckOCINamesTheCallersSettings: the fixes name the settings of the
// caller (here the provider's attributes), never another caller's flags.
func TestCheckOCINamesTheCallersSettings(t *testing.T) {
	n := Names{ConfigFile: "oci.config_file", Profile: "oci.profile"}
	dir := t.TempDir()
	config := filepath.Join(dir, "config")
	if err := os.WriteFile(config, []byte("[DEV]\nregion=us-ashburn-1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name    string
		where   OCIConfigPath
		profile string
		want    []string
	}{
		{"default file missing", FindOCIConfig(n.ConfigFile, "", "", dir), "",
			[]string{"does not exist (the default; choose another with oci.config_file or $OCI_CONFIG_FILE)", "run `oci setup config`"}},
		{"given file missing", FindOCIConfig(n.ConfigFile, config+".missing", "", dir), "",
			[]string{"does not exist (given by oci.config_file)", "correct oci.config_file, or run `oci setup config`"}},
		{"profile missing", FindOCIConfig(n.ConfigFile, config, "", dir), "PROD",
			[]string{`profile "PROD" is not in ` + config + "; it has DEV", "choose a profile the file has with oci.profile, or add a [PROD] section"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cp, p := CheckOCI(tt.where, tt.profile, dir, n)
			if cp != nil || p == nil {
				t.Fatalf("CheckOCI = %v, %v; want a problem", cp, p)
			}
			text := p.What + ". Fix: " + p.Fix
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("%q lacks %q", text, w)
				}
			}
			if strings.Contains(text, "-oci-") {
				t.Errorf("%q names the CLI's flags", text)
			}
		})
	}
}
