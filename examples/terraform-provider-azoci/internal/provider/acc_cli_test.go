package provider

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/azoci/interconnect/sim"
)

// mdKey is the BGP MD5 key of the configurations below: it must never be
// printed.
const mdKey = "s3cret-md5-key-42"

// (9) The sensitive values never printed: the built provider, installed
// the way a user tries it (dev_overrides, with a filesystem mirror for
// tofu init), through init, plan, apply, plan (no changes), show and
// destroy of examples/simulator (the other examples are validated). Neither the MD5 key nor the circuit's service
// key appears in any output or in the provider's logs; the plan marks both
// sensitive. Run with -v to see the transcript.
func TestAccCLISensitiveNeverPrinted(t *testing.T) {
	if os.Getenv(resource.EnvTfAcc) == "" {
		t.Skipf("acceptance test: set %s=1 (and TF_ACC_TERRAFORM_PATH) to run it", resource.EnvTfAcc)
	}
	tofu := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if tofu == "" {
		var err error
		if tofu, err = exec.LookPath("tofu"); err != nil {
			t.Fatal("TF_ACC_TERRAFORM_PATH is not set and there is no tofu in PATH")
		}
	}
	dir := t.TempDir()
	bin, mirror := filepath.Join(dir, "bin"), filepath.Join(dir, "mirror")
	host := os.Getenv(resource.EnvTfAccProviderHost)
	platform := strings.TrimSpace(goEnv(t, "GOOS")) + "_" + strings.TrimSpace(goEnv(t, "GOARCH"))
	build := exec.Command("go", "build", "-o", filepath.Join(bin, "terraform-provider-azoci"), "../..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	inMirror := filepath.Join(mirror, host, "azoci", "azoci", "0.1.0", platform)
	if err := os.MkdirAll(inMirror, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(filepath.Join(bin, "terraform-provider-azoci"), filepath.Join(inMirror, "terraform-provider-azoci")); err != nil {
		t.Fatal(err)
	}
	addr := host + "/azoci/azoci"
	rc := fmt.Sprintf(`provider_installation {
  dev_overrides {
    %q = %q
  }
  filesystem_mirror {
    path    = %q
    include = [%q]
  }
  direct {
    exclude = [%q]
  }
}
`, addr, bin, mirror, addr, addr)
	writeFile(t, filepath.Join(dir, "tofurc"), rc)
	// The other examples are valid (the library's offline checks pass).
	for _, ex := range []string{"minimal", "hub-and-spoke"} {
		exDir := filepath.Join(dir, ex)
		writeFile(t, filepath.Join(exDir, "main.tf"), readFile(t, filepath.Join("..", "..", "examples", ex, "main.tf")))
		cmd := exec.Command(tofu, "validate", "-no-color")
		cmd.Dir = exDir
		cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+filepath.Join(dir, "tofurc"))
		if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), "Success! The configuration is valid") {
			t.Errorf("examples/%s: tofu validate: %v\n%s", ex, err, out)
		}
	}

	// examples/simulator, as it is.
	work := filepath.Join(dir, "work")
	example := readFile(t, filepath.Join("..", "..", "examples", "simulator", "main.tf"))
	if !strings.Contains(example, mdKey) {
		t.Fatalf("examples/simulator/main.tf no longer sets the MD5 key %q", mdKey)
	}
	writeFile(t, filepath.Join(work, "main.tf"), example)
	w := &accWorld{t: t, file: filepath.Join(work, "sim-world.json")}

	var transcript bytes.Buffer
	logFile := filepath.Join(dir, "provider.log")
	run := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(tofu, append(args, "-no-color")...)
		cmd.Dir = work
		cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+filepath.Join(dir, "tofurc"), "TF_IN_AUTOMATION=",
			"TF_LOG_PROVIDER=TRACE", "TF_LOG_PATH="+logFile, "CHECKPOINT_DISABLE=1")
		start := time.Now()
		out, err := cmd.CombinedOutput()
		fmt.Fprintf(&transcript, "$ tofu %s -no-color    # %.1fs\n%s\n", strings.Join(args, " "), time.Since(start).Seconds(), out)
		if err != nil {
			t.Fatalf("tofu %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	run("init")
	plan := run("plan")
	apply := run("apply", "-auto-approve")
	again := run("plan")
	show := run("show")
	var serviceKey string
	w.edit(func(ctx context.Context, world *sim.World) {
		c, err := world.Azure().GetCircuit(ctx, "rg-network", "ora-link-er")
		if err != nil {
			t.Fatal(err)
		}
		serviceKey = c.ServiceKey.Reveal()
	})
	destroy := run("destroy", "-auto-approve")
	t.Logf("transcript:\n%s", transcript.String())

	for _, want := range []string{"md5_auth_key = (sensitive value)", "service_key        = (sensitive value)"} {
		if !strings.Contains(plan, want) {
			t.Errorf("the plan does not show %q", want)
		}
	}
	if !strings.Contains(again, "No changes.") || !strings.Contains(apply, "Apply complete! Resources: 1 added") ||
		!strings.Contains(destroy, "Destroy complete! Resources: 1 destroyed") {
		t.Error("the runs did not create, settle and destroy the interconnect (see the transcript)")
	}
	logs, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(logs, []byte("azure/circuit: ")) {
		t.Fatalf("the provider's logs (%s) lack its progress events: the check below would prove nothing", logFile)
	}
	for name, secret := range map[string]string{"the MD5 key": mdKey, "the service key": serviceKey} {
		if secret == "" {
			t.Fatalf("%s is empty", name)
		}
		if strings.Contains(transcript.String(), secret) || strings.Contains(show, secret) {
			t.Errorf("%s is printed", name)
		}
		if bytes.Contains(logs, []byte(secret)) {
			t.Errorf("%s is in the provider's logs (%s)", name, logFile)
		}
	}
}

// The plan marks both secrets sensitive (the JSON plan that tools read).
func TestAccPlanMarksSecretsSensitive(t *testing.T) {
	w := newAccWorld(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{{
			Config: w.config(map[string]string{"peering": fmt.Sprintf(`{ md5_auth_key = %q }`, mdKey)}, ""),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectSensitiveValue(accAddress, tfjsonpath.New("peering").AtMapKey("md5_auth_key")),
				plancheck.ExpectSensitiveValue(accAddress, tfjsonpath.New("service_key")),
			}},
		}},
	})
}

func goEnv(t *testing.T, name string) string {
	out, err := exec.Command("go", "env", name).Output()
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func readFile(t *testing.T, file string) string {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func writeFile(t *testing.T, file, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
