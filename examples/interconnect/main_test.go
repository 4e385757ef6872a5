package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/azoci/interconnect"
	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/plan"
	"github.com/azoci/interconnect/sim"
)

// testScale runs the simulated clouds 5000 times faster than the real ones:
// the 40 minutes of a gateway take 0.48s.
const testScale = "0.0002"

const (
	testSub  = "0b1f6471-1bf0-4dda-aec3-111122223333"
	testComp = "ocid1.compartment.oc1..aaaaaaaatestcompartment"
	testVCN  = "ocid1.vcn.oc1.iad.aaaaaaaatestvcn"
	testMD5  = "s3cret-bgp-key"
)

// specYAML is a valid spec; extra is appended at the top level.
func specYAML(extra string) string {
	return `name: ora-link
bandwidth: 1Gbps
azure:
  subscriptionId: ` + testSub + `
  resourceGroup: rg-network
  region: eastus
  virtualNetwork: vnet-app
  gateway:
    subnetPrefix: 10.10.255.0/27
oci:
  region: us-ashburn-1
  compartmentId: ` + testComp + `
  vcnId: ` + testVCN + `
peering:
  md5AuthKey: ` + testMD5 + `
` + extra
}

// env is a directory with a spec file and a simulator state file.
type env struct {
	t     *testing.T
	dir   string
	spec  string
	state string
}

func newEnv(t *testing.T, spec string) *env {
	t.Helper()
	dir := t.TempDir()
	e := &env{t: t, dir: dir, spec: filepath.Join(dir, "spec.yaml"), state: filepath.Join(dir, "sim.json")}
	if err := os.WriteFile(e.spec, []byte(spec), 0o644); err != nil {
		t.Fatal(err)
	}
	return e
}

type result struct {
	code           int
	stdout, stderr string
}

func (r result) String() string {
	return "exit " + strconv.Itoa(r.code) + "\n--- stdout:\n" + r.stdout + "\n--- stderr:\n" + r.stderr
}

// call runs the command line with stdin, which is not a terminal (a pipe,
// as in a script or CI).
func call(ctx context.Context, stdin string, args ...string) result {
	return callIn(ctx, strings.NewReader(stdin), args...)
}

// callIn runs the command line with stdin.
func callIn(ctx context.Context, stdin io.Reader, args ...string) result {
	var out, errb bytes.Buffer
	code := runContext(ctx, args, stdin, &out, &errb)
	return result{code, out.String(), errb.String()}
}

// terminal is standard input on a terminal where someone types the text
// of the reader.
type terminal struct{ *strings.Reader }

// Terminal says that the stream is a terminal (see isTerminal).
func (terminal) Terminal() bool { return true }

// typed is stdin on a terminal where the user types s.
func typed(s string) io.Reader { return terminal{strings.NewReader(s)} }

// sim runs cmd against this env's simulator with extra args.
func (e *env) sim(stdin, cmd string, args ...string) result {
	e.t.Helper()
	return e.simCtx(context.Background(), stdin, cmd, args...)
}

func (e *env) simCtx(ctx context.Context, stdin, cmd string, args ...string) result {
	return e.simIn(ctx, strings.NewReader(stdin), cmd, args...)
}

func (e *env) simIn(ctx context.Context, stdin io.Reader, cmd string, args ...string) result {
	all := append([]string{cmd, "-f", e.spec, "-sim", "-sim-state", e.state, "-sim-scale", testScale, "-no-color"}, args...)
	return callIn(ctx, stdin, all...)
}

// must runs cmd and fails the test unless it exits with want.
func (e *env) must(want int, stdin, cmd string, args ...string) result {
	e.t.Helper()
	return e.mustIn(want, strings.NewReader(stdin), cmd, args...)
}

// mustIn is must with stdin as it is given, a terminal or not.
func (e *env) mustIn(want int, stdin io.Reader, cmd string, args ...string) result {
	e.t.Helper()
	r := e.simIn(context.Background(), stdin, cmd, args...)
	if r.code != want {
		e.t.Fatalf("%s %v: want exit %d, got\n%s", cmd, args, want, r)
	}
	return r
}

func TestArguments(t *testing.T) {
	t.Parallel()
	good := newEnv(t, specYAML(""))
	bad := newEnv(t, strings.Replace(specYAML(""), "1Gbps", "3Gbps", 1))
	typo := newEnv(t, specYAML("bandwith: 1Gbps\n"))
	tests := []struct {
		name       string
		args       []string
		code       int
		stdout     string // substring expected on stdout
		stderr     string // substring expected on stderr
		noStdout   bool
		noStdoutOf []string // substrings that must not be on stdout
	}{
		{name: "no arguments", args: nil, code: 1, stderr: "Commands:", noStdout: true},
		{name: "help", args: []string{"help"}, code: 0, stdout: "Commands:"},
		{name: "-h", args: []string{"-h"}, code: 0, stdout: "Exit codes"},
		{name: "--help", args: []string{"--help"}, code: 0, stdout: "plan"},
		{name: "help for a command", args: []string{"help", "apply"}, code: 0, stdout: "-auto-approve"},
		{name: "help for an unknown command", args: []string{"help", "frob"}, code: 1, stderr: `unknown command "frob"`},
		{name: "command -h", args: []string{"plan", "-h"}, code: 0, stdout: "-detailed-exitcode"},
		{name: "command --help", args: []string{"verify", "--help"}, code: 0, stdout: "-sim-state"},
		{name: "unknown command", args: []string{"frobnicate"}, code: 1, stderr: `unknown command "frobnicate"`},
		{name: "unknown flag", args: []string{"plan", "-bogus"}, code: 1, stderr: "flag provided but not defined: -bogus"},
		{name: "flag of another command", args: []string{"verify", "-destroy"}, code: 1, stderr: "flag provided but not defined: -destroy"},
		{name: "bad output", args: []string{"plan", "-o", "yaml"}, code: 1, stderr: "-o yaml: use one of text, json, mermaid"},
		{name: "mermaid only for plan", args: []string{"verify", "-o", "mermaid"}, code: 1, stderr: "use one of text, json"},
		{name: "positional argument", args: []string{"plan", "spec.yaml"}, code: 1, stderr: `unexpected argument "spec.yaml"`},
		{name: "bad scale", args: []string{"plan", "-sim-scale", "0"}, code: 1, stderr: "-sim-scale"},
		{name: "missing default spec", args: []string{"plan", "-sim"}, code: 1, stderr: "Error: no such file: interconnect.yaml (give the spec with -f)\n"},
		{name: "missing spec", args: []string{"plan", "-f", filepath.Join(good.dir, "nope.yaml")}, code: 1, stderr: "Error: no such file: " + filepath.Join(good.dir, "nope.yaml") + " (give the spec with -f)\n"},
		{name: "a directory for the spec", args: []string{"plan", "-sim", "-f", good.dir}, code: 1, stderr: "Error: " + good.dir + "/ is a directory, not a spec file\n"},
		{name: "a directory with its slash", args: []string{"verify", "-f", good.dir + "/"}, code: 1, stderr: "Error: " + good.dir + "/ is a directory, not a spec file\n"},
		{name: "help lists only the flags a command reads", args: []string{"help", "show"}, code: 0, stdout: "-o format", noStdoutOf: []string{"-sim", "-oci-config", "-auto-approve", "-f file", "-v\t"}},
		{name: "help for plan leaves out what it ignores", args: []string{"help", "plan"}, code: 0, stdout: "plan also accepts -auto-approve, and ignores it", noStdoutOf: []string{"  -auto-approve\n"}},
		{name: "help for monitor", args: []string{"help", "monitor"}, code: 0, stdout: "/sim/break-path?path=primary", noStdoutOf: []string{"-auto-approve"}},
		{name: "help for monitor names every /sim/ endpoint", args: []string{"monitor", "-h"}, code: 0, stdout: "/sim/traffic?in=4e8&out=1e8"},
		{name: "help for monitor names the degrade endpoint", args: []string{"monitor", "-h"}, code: 0, stdout: "/sim/degrade-path?path=primary&errors=0.01&discards=0"},
		{name: "help for apply", args: []string{"help", "apply"}, code: 0, stdout: "needed when standard input is not a terminal"},
		{name: "show refuses a flag it does not read", args: []string{"show", "-sim", "plan.json"}, code: 1, stderr: "flag provided but not defined: -sim"},
		{name: "monitor has no -auto-approve", args: []string{"monitor", "-auto-approve"}, code: 1, stderr: "flag provided but not defined: -auto-approve"},
		{name: "version", args: []string{"version"}, code: 0, stdout: "interconnect "},
		{name: "-version", args: []string{"-version"}, code: 0, stdout: "  azcore      v1."},
		{name: "--version", args: []string{"--version"}, code: 0, stdout: "  oci-go-sdk  v65."},
		{name: "version takes no flags", args: []string{"version", "-sim"}, code: 1, stderr: "flag provided but not defined: -sim"},
		{name: "invalid spec", args: []string{"plan", "-f", bad.spec, "-sim", "-sim-state", bad.state}, code: 1, stderr: "bandwidth: 3Gbps is not offered"},
		{name: "unknown key", args: []string{"apply", "-f", typo.spec, "-sim", "-sim-state", typo.state}, code: 1, stderr: "did you mean bandwidth"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := call(context.Background(), "", tt.args...)
			if r.code != tt.code {
				t.Fatalf("want exit %d, got %s", tt.code, r)
			}
			if !strings.Contains(r.stdout, tt.stdout) {
				t.Errorf("stdout lacks %q:\n%s", tt.stdout, r)
			}
			if !strings.Contains(r.stderr, tt.stderr) {
				t.Errorf("stderr lacks %q:\n%s", tt.stderr, r)
			}
			if tt.noStdout && r.stdout != "" {
				t.Errorf("want nothing on stdout:\n%s", r)
			}
			for _, no := range tt.noStdoutOf {
				if strings.Contains(r.stdout, no) {
					t.Errorf("stdout has %q:\n%s", no, r)
				}
			}
		})
	}
	// A spec that fails to parse or validate never creates a state file.
	for _, e := range []*env{bad, typo} {
		if _, err := os.Stat(e.state); !os.IsNotExist(err) {
			t.Errorf("state file %s written for an invalid spec", e.state)
		}
	}
}

func TestParseFlags(t *testing.T) {
	t.Parallel()
	plan, _ := lookup("plan")
	apply, _ := lookup("apply")
	tests := []struct {
		cmd  command
		args []string
		want config
	}{
		{plan, nil, config{cmd: "plan", file: defaultSpecFile, simState: defaultSimState, simScale: defaultSimScale, ociProfile: "DEFAULT", output: "text"}},
		{plan, []string{"--sim", "-f", "x.yaml", "-o", "mermaid", "-destroy", "-detailed-exitcode", "-no-color"},
			config{cmd: "plan", file: "x.yaml", sim: true, simState: defaultSimState, simScale: defaultSimScale, ociProfile: "DEFAULT", output: "mermaid", destroy: true, detailed: true, noColor: true, fileSet: true}},
		{apply, []string{"-f=s.json", "-auto-approve", "--oci-config", "/c", "--oci-profile", "P", "-sim-state", "w.json", "-sim-scale", "0.01", "-v"},
			config{cmd: "apply", file: "s.json", simState: "w.json", simScale: 0.01, ociConfig: "/c", ociProfile: "P", autoApprove: true, verbose: true, fileSet: true}},
		{plan, []string{"-out", "p.json"}, config{cmd: "plan", file: defaultSpecFile, simState: defaultSimState, simScale: defaultSimScale, ociProfile: "DEFAULT", output: "text", out: "p.json"}},
		{apply, []string{"p.json", "-sim"}, config{cmd: "apply", file: defaultSpecFile, sim: true, simState: defaultSimState, simScale: defaultSimScale, ociProfile: "DEFAULT", planFile: "p.json"}},
		{apply, []string{"-sim", "p.json"}, config{cmd: "apply", file: defaultSpecFile, sim: true, simState: defaultSimState, simScale: defaultSimScale, ociProfile: "DEFAULT", planFile: "p.json"}},
	}
	for _, tt := range tests {
		got, err := parseFlags(tt.cmd, tt.args)
		if err != nil {
			t.Errorf("%s %v: %v", tt.cmd.name, tt.args, err)
			continue
		}
		if *got != tt.want {
			t.Errorf("%s %v:\n got %+v\nwant %+v", tt.cmd.name, tt.args, *got, tt.want)
		}
	}
}

// TestLifecycle runs plan, apply, verify, plan again, destroy and verify in
// separate invocations sharing one state file, checking the exit codes.
func TestLifecycle(t *testing.T) {
	t.Parallel()
	e := newEnv(t, specYAML(""))

	r := e.must(2, "", "plan", "-detailed-exitcode")
	if !strings.Contains(r.stderr, "seeded VNet rg-network/vnet-app in eastus, address space 10.10.0.0/16") ||
		!strings.Contains(r.stderr, "seeded VCN "+testVCN+" in us-ashburn-1, CIDR 10.20.0.0/16") {
		t.Errorf("plan did not report the seeding:\n%s", r)
	}
	if !strings.Contains(r.stdout, "8 to create, 1 to update, 0 to delete, 2 to wait for") {
		t.Errorf("unexpected plan:\n%s", r)
	}
	e.must(0, "", "plan") // without -detailed-exitcode, changes are fine
	r = e.must(2, "", "verify")
	if !strings.Contains(r.stdout, "FAIL    azure.circuit") || !strings.Contains(r.stdout, "What to do:") {
		t.Errorf("verify before apply:\n%s", r)
	}

	r = e.must(0, "", "apply", "-auto-approve")
	if strings.Contains(r.stderr, "Simulator: seeded") {
		t.Errorf("the second invocation seeded again: the state was not saved or not loaded:\n%s", r)
	}
	for _, want := range []string{"azure/gateway                + create gateway ora-link-ergw", "Applying \"ora-link\": 11 steps, 8 to create", "Apply complete: 11 steps, 11 done, 0 failed, 0 not run, 0 unchanged"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("apply output lacks %q:\n%s", want, r)
		}
	}
	// The gateway takes 40 simulated minutes, more when the machine is
	// busy (simulated time is real time scaled).
	if m := regexp.MustCompile(`azure/gateway +✓ created after (?:(\d+)h)?(\d+)m`).FindStringSubmatch(r.stdout); m == nil || atoi(m[1])*60+atoi(m[2]) < 40 {
		t.Errorf("apply output lacks the gateway's 40 minutes or more:\n%s", r)
	}
	if strings.Contains(r.stdout, "still running") {
		t.Errorf("a heartbeat in an apply that took seconds of real time:\n%s", r)
	}

	r = e.must(0, "", "verify")
	if !strings.Contains(r.stdout, "16 checks, 16 pass, 0 warn, 0 fail") || !strings.Contains(r.stdout, "PASS    oci.bgp") {
		t.Errorf("verify after apply:\n%s", r)
	}
	e.must(0, "", "plan", "-detailed-exitcode")
	r = e.mustIn(0, typed(""), "apply") // nothing to do: no prompt, even without -auto-approve
	if !strings.Contains(r.stdout, "No changes") || strings.Contains(r.stdout, "Enter a value") {
		t.Errorf("no-op apply:\n%s", r)
	}

	e.must(2, "", "plan", "-destroy", "-detailed-exitcode")
	r = e.must(0, "", "destroy", "-auto-approve")
	if !strings.Contains(r.stdout, "Destroy complete: 11 steps, 11 done") || !strings.Contains(r.stdout, "Critical path azure/connection → azure/gateway") ||
		!strings.Contains(r.stdout, "elapsed/critical path") {
		t.Errorf("destroy:\n%s", r)
	}
	r = e.mustIn(0, typed(""), "destroy")
	if !strings.Contains(r.stdout, "Nothing to destroy") {
		t.Errorf("second destroy:\n%s", r)
	}
	e.must(2, "", "verify")
}

func TestConfirmation(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		stdin string
		code  int
		want  string
	}{
		{"no", "no\n", 1, "Apply cancelled: nothing was changed."},
		{"y is not yes", "y\n", 1, "Apply cancelled"},
		{"empty line", "\n", 1, "Apply cancelled"},
		{"end of input", "", 1, "Apply cancelled"},
		{"yes", "yes\n", 0, "Apply complete"},
		{"yes without newline", "yes", 0, "Apply complete"},
		{"yes with spaces", "  yes  \n", 0, "Apply complete"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, specYAML(""))
			r := e.mustIn(tt.code, typed(tt.stdin), "apply")
			if !strings.Contains(r.stdout, "Only 'yes' will be accepted") || !strings.Contains(r.stdout, tt.want) {
				t.Errorf("want %q:\n%s", tt.want, r)
			}
			// A refusal changes nothing: the plan still has changes.
			wantPlan := 2
			if tt.code == 0 {
				wantPlan = 0
			}
			if got := e.sim("", "plan", "-detailed-exitcode").code; got != wantPlan {
				t.Errorf("after answering %q, plan -detailed-exitcode exits %d", tt.stdin, got)
			}
		})
	}

	t.Run("destroy", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, specYAML(""))
		e.must(0, "", "apply", "-auto-approve")
		r := e.mustIn(1, typed("nope\n"), "destroy")
		if !strings.Contains(r.stdout, "Do you really want to destroy") || !strings.Contains(r.stdout, "Destroy cancelled") {
			t.Errorf("destroy prompt:\n%s", r)
		}
		e.must(0, "", "verify") // still up
		e.mustIn(0, typed("yes\n"), "destroy")
		e.must(0, "", "plan", "-destroy", "-detailed-exitcode")
	})
}

func TestSeeding(t *testing.T) {
	t.Parallel()
	t.Run("no subnetPrefix: the VNet gets a GatewaySubnet", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, strings.Replace(specYAML(""), "  gateway:\n    subnetPrefix: 10.10.255.0/27\n", "", 1))
		r := e.must(0, "", "plan")
		if !strings.Contains(r.stderr, "subnets default 10.10.1.0/24 and GatewaySubnet 10.10.255.0/27") {
			t.Errorf("seeding:\n%s", r)
		}
		if strings.Contains(r.stdout, "+ azure/gateway-subnet") {
			t.Errorf("plan creates a GatewaySubnet the seeded VNet has:\n%s", r)
		}
	})
	t.Run("the VCN avoids the pool and the VNet", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, specYAML("  pool: 10.20.0.0/24\n"))
		r := e.must(0, "", "plan")
		if !strings.Contains(r.stderr, "CIDR 10.30.0.0/16") {
			t.Errorf("VCN CIDR:\n%s", r)
		}
	})
	t.Run("DRG and route tables named in the spec", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, strings.Replace(specYAML(""), "  vcnId: "+testVCN+"\n", "  vcnId: "+testVCN+`
  drgId: ocid1.drg.oc1.iad.aaaaaaaatestdrg
  routeTableIds: [ocid1.routetable.oc1.iad.aaaaaaaatestrt1, ocid1.routetable.oc1.iad.aaaaaaaatestrt2]
`, 1))
		r := e.must(0, "", "apply", "-auto-approve")
		for _, want := range []string{"seeded DRG ocid1.drg.oc1.iad.aaaaaaaatestdrg", "seeded route table ocid1.routetable.oc1.iad.aaaaaaaatestrt2"} {
			if !strings.Contains(r.stderr, want) {
				t.Errorf("lacks %q:\n%s", want, r)
			}
		}
		e.must(0, "", "verify")
		r = e.must(0, "", "destroy", "-auto-approve")
		if !strings.Contains(r.stdout, "Leaves alone DRG ocid1.drg.oc1.iad.aaaaaaaatestdrg") {
			t.Errorf("destroy should leave the user's DRG:\n%s", r)
		}
	})
	t.Run("an existing world is not reseeded", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, specYAML(""))
		e.must(0, "", "plan")
		st1, err := os.ReadFile(e.state)
		if err != nil {
			t.Fatal(err)
		}
		r := e.must(0, "", "plan")
		if strings.Contains(r.stderr, "Simulator: seeded") || !strings.Contains(r.stderr, "loaded") {
			t.Errorf("second plan:\n%s", r)
		}
		w, err := sim.Load(bytes.NewReader(st1))
		if err != nil {
			t.Fatal(err)
		}
		if v, err := w.Azure().GetVirtualNetwork(context.Background(), "rg-network", "vnet-app"); err != nil || v.AddressSpace[0].String() != "10.10.0.0/16" {
			t.Errorf("saved world's VNet: %+v, %v", v, err)
		}
		if fi, err := os.Stat(e.state); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("state file mode: %v, %v", fi.Mode(), err)
		}
	})
}

// TestNoSecrets applies a spec with an MD5 key, then renders every plan and
// report form and checks that neither the MD5 key nor the ExpressRoute
// service key appears.
func TestNoSecrets(t *testing.T) {
	t.Parallel()
	e := newEnv(t, specYAML(""))
	first := e.must(0, "", "plan", "-o", "json")
	e.must(0, "", "apply", "-auto-approve")

	data, err := os.ReadFile(e.state)
	if err != nil {
		t.Fatal(err)
	}
	w, err := sim.Load(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	ckt, err := w.Azure().GetCircuit(context.Background(), "rg-network", "ora-link-er")
	if err != nil {
		t.Fatal(err)
	}
	serviceKey := ckt.ServiceKey.Reveal()
	if serviceKey == "" {
		t.Fatal("the circuit has no service key")
	}
	if !strings.Contains(string(data), testMD5) {
		t.Log("note: the sim state file does not hold the MD5 key in plain text")
	}

	outputs := map[string]result{"plan -o json before apply": first}
	for name, args := range map[string][]string{
		"plan -o json":            {"plan", "-o", "json"},
		"plan -o text":            {"plan", "-o", "text"},
		"plan -o mermaid":         {"plan", "-o", "mermaid"},
		"plan -destroy -o json":   {"plan", "-destroy", "-o", "json"},
		"plan -destroy -o text":   {"plan", "-destroy"},
		"verify":                  {"verify"},
		"verify -o json":          {"verify", "-o", "json"},
		"destroy (declined)":      {"destroy"},
		"plan -v (debug logging)": {"plan", "-v"},
	} {
		outputs[name] = e.simIn(context.Background(), typed("no\n"), args[0], args[1:]...)
	}
	for name, r := range outputs {
		for _, secret := range []string{testMD5, serviceKey} {
			if strings.Contains(r.stdout, secret) || strings.Contains(r.stderr, secret) {
				t.Errorf("%s shows a secret:\n%s", name, r)
			}
		}
	}

	// The JSON plan is the documented schema and marks the secrets.
	var doc struct {
		FormatVersion int `json:"formatVersion"`
		Steps         []struct {
			ID      string `json:"id"`
			Changes []struct {
				Field     string `json:"field"`
				New       string `json:"new"`
				Sensitive bool   `json:"sensitive"`
			} `json:"changes"`
		} `json:"steps"`
	}
	if err := json.Unmarshal([]byte(first.stdout), &doc); err != nil {
		t.Fatalf("plan -o json is not JSON: %v\n%s", err, first.stdout)
	}
	if doc.FormatVersion != plan.JSONFormatVersion {
		t.Errorf("formatVersion %d", doc.FormatVersion)
	}
	sensitive := 0
	for _, s := range doc.Steps {
		for _, c := range s.Changes {
			if c.Sensitive {
				sensitive++
				if c.New != "(sensitive)" {
					t.Errorf("%s %s: sensitive change shows %q", s.ID, c.Field, c.New)
				}
			}
		}
	}
	if sensitive < 3 { // service key, MD5 key on the virtual circuit and on the peering
		t.Errorf("%d sensitive changes in the plan, want at least 3", sensitive)
	}
	if strings.Contains(first.stderr, "{") || strings.HasPrefix(first.stdout, "Simulator") {
		t.Errorf("diagnostics mixed into the JSON on stdout:\n%s", first)
	}

	var rep struct {
		Checks []struct{ Name, Status string }
	}
	if err := json.Unmarshal([]byte(outputs["verify -o json"].stdout), &rep); err != nil || len(rep.Checks) == 0 || rep.Checks[0].Status != "pass" {
		t.Errorf("verify -o json: %v\n%s", err, outputs["verify -o json"])
	}
	if m := outputs["plan -o mermaid"].stdout; !strings.HasPrefix(m, "flowchart LR\n") {
		t.Errorf("mermaid:\n%s", m)
	}
}

// TestInterrupt cancels an apply midway (as Ctrl-C does), then resumes it.
func TestInterrupt(t *testing.T) {
	t.Parallel()
	e := newEnv(t, specYAML(""))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// Press Ctrl-C once the gateway (480ms at this scale) is being created.
	var out, errb bytes.Buffer
	stdout := &trigger{w: &out, when: "creating gateway", f: func() { time.AfterFunc(50*time.Millisecond, cancel) }}
	args := []string{"apply", "-auto-approve", "-f", e.spec, "-sim", "-sim-state", e.state, "-sim-scale", testScale, "-no-color"}
	r := result{runContext(ctx, args, strings.NewReader(""), stdout, &errb), out.String(), errb.String()}
	if r.code != 1 {
		t.Fatalf("interrupted apply: want exit 1, got %s", r)
	}
	for _, want := range []string{"Interrupted.", "its state is saved in " + e.state, "picks up where it stopped", "interconnect apply -f " + e.spec + " -sim -sim-state " + e.state + " -sim-scale 0.0002", "Apply incomplete"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("interrupted apply lacks %q:\n%s", want, r)
		}
	}
	// The gateway is still being created in the saved world: the next plan
	// waits for it instead of creating it again.
	r = e.must(2, "", "plan", "-detailed-exitcode")
	if !strings.Contains(r.stdout, "… azure/gateway") {
		t.Errorf("plan after the interruption should wait for the gateway:\n%s", r)
	}
	r = e.must(0, "", "apply", "-auto-approve")
	if strings.Contains(r.stdout, "+ create gateway") {
		t.Errorf("resumed apply created the gateway again:\n%s", r)
	}
	e.must(0, "", "verify")
}

// TestNotATerminal: apply and destroy without -auto-approve, with standard
// input that is not a terminal (a pipe, /dev/null as in CI or cron, a file),
// refuse at once with a message naming -auto-approve, before reading any
// cloud: no simulator state is even made.
func TestNotATerminal(t *testing.T) {
	t.Parallel()
	devNull, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer devNull.Close()
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer pr.Close()
	pw.WriteString("yes\n")
	pw.Close()
	for _, tt := range []struct {
		name  string
		stdin io.Reader
	}{{"a reader", strings.NewReader("yes\n")}, {"/dev/null", devNull}, {"a pipe", pr}} {
		for _, cmd := range []string{"apply", "destroy"} {
			e := newEnv(t, specYAML(""))
			r := e.mustIn(1, tt.stdin, cmd)
			want := "Error: " + cmd + " asks for confirmation, and standard input is not a terminal: give -auto-approve to " + cmd + " without asking"
			if !strings.Contains(r.stderr, want) || !strings.Contains(r.stderr, "No cloud was read or changed.") || r.stdout != "" {
				t.Errorf("%s on %s:\n%s", cmd, tt.name, r)
			}
			if _, err := os.Stat(e.state); !os.IsNotExist(err) {
				t.Errorf("%s on %s read the simulated clouds: %v", cmd, tt.name, err)
			}
		}
	}
}

func TestIsTerminal(t *testing.T) {
	t.Parallel()
	f, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	devNull, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer devNull.Close()
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer pr.Close()
	defer pw.Close()
	for name, tt := range map[string]struct {
		v    any
		want bool
	}{
		"a buffer":       {&bytes.Buffer{}, false},
		"a regular file": {f, false},
		"/dev/null":      {devNull, false},
		"a pipe":         {pr, false},
		"a terminal":     {typed(""), true},
	} {
		if got := isTerminal(tt.v); got != tt.want {
			t.Errorf("isTerminal(%s) = %v, want %v", name, got, tt.want)
		}
	}
}

// colorTerminal is an output stream on a terminal.
type colorTerminal struct{ bytes.Buffer }

func (*colorTerminal) Terminal() bool { return true }

// TestUseColor: colour only on a terminal, never with -no-color, nor with
// NO_COLOR set and not empty (https://no-color.org).
func TestUseColor(t *testing.T) {
	for _, tt := range []struct {
		name    string
		w       io.Writer
		noColor bool
		env     *string
		want    bool
	}{
		{"a terminal", &colorTerminal{}, false, nil, true},
		{"a buffer", &bytes.Buffer{}, false, nil, false},
		{"-no-color", &colorTerminal{}, true, nil, false},
		{"NO_COLOR=1", &colorTerminal{}, false, ptr("1"), false},
		{"NO_COLOR=false (any value)", &colorTerminal{}, false, ptr("false"), false},
		{"NO_COLOR set but empty", &colorTerminal{}, false, ptr(""), true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("NO_COLOR", "")
			if tt.env == nil {
				os.Unsetenv("NO_COLOR")
			} else {
				os.Setenv("NO_COLOR", *tt.env)
			}
			if got := useColor(tt.w, tt.noColor); got != tt.want {
				t.Errorf("useColor = %v, want %v", got, tt.want)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

// TestVerifyTableAligns: with colour, the verify table is the same as
// without once the escape codes are taken out, and every row's CHECK column
// starts where the header's does.
func TestVerifyTableAligns(t *testing.T) {
	t.Parallel()
	rep := &interconnect.Report{Name: "ora-link", Checks: []interconnect.Check{
		{Name: "azure.circuit", Status: interconnect.Pass, Detail: "circuit is Provisioned"},
		{Name: "azure.arp.primary", Status: interconnect.Fail, Detail: "Incomplete", Hint: "a provider-side fault"},
		{Name: "azure.peering", Status: interconnect.Warn, Detail: "another peer ASN"},
	}}
	var plain, colored bytes.Buffer
	if err := writeReport(&plain, rep, false); err != nil {
		t.Fatal(err)
	}
	if err := writeReport(&colored, rep, true); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(colored.String(), "\x1b[31mFAIL\x1b[0m") {
		t.Fatalf("no colour:\n%s", colored.String())
	}
	stripped := regexp.MustCompile("\x1b\\[[0-9;]*m").ReplaceAllString(colored.String(), "")
	if stripped != plain.String() {
		t.Errorf("with colour, once the escape codes are out:\n%s\nwithout colour:\n%s", stripped, plain.String())
	}
	lines := strings.Split(plain.String(), "\n")
	var header int
	for i, l := range lines {
		if strings.HasPrefix(l, "STATUS") {
			header = i
		}
	}
	col := strings.Index(lines[header], "CHECK")
	for _, l := range lines[header+1 : header+4] {
		if l[col-1] != ' ' || l[col] == ' ' {
			t.Errorf("the CHECK column does not start at %d in %q (header %q)", col, l, lines[header])
		}
	}
}

func TestMinutes(t *testing.T) {
	t.Parallel()
	for d, want := range map[time.Duration]string{
		0:                                   "0m00s",
		1500 * time.Millisecond:             "0m02s",
		40*time.Minute + 2*time.Second:      "40m02s",
		time.Hour + 2*time.Minute + 500*1e6: "1h02m01s",
	} {
		if got := minutes(d); got != want {
			t.Errorf("minutes(%s) = %s, want %s", d, got, want)
		}
	}
}

// atoi is strconv.Atoi for digits a regular expression matched ("" is 0).
func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// trigger is a writer that calls f once, when what it was given so far
// contains when.
type trigger struct {
	w    *bytes.Buffer
	when string
	f    func()
	done bool
}

func (t *trigger) Write(p []byte) (int, error) {
	n, err := t.w.Write(p)
	if !t.done && strings.Contains(t.w.String(), t.when) {
		t.done = true
		t.f()
	}
	return n, err
}

// TestVerifyBrokenPath breaks the primary path on the provider side in the
// saved world and checks that verify reports it, with its hint, and exits 2.
func TestVerifyBrokenPath(t *testing.T) {
	t.Parallel()
	e := newEnv(t, specYAML(""))
	e.must(0, "", "apply", "-auto-approve")

	data, err := os.ReadFile(e.state)
	if err != nil {
		t.Fatal(err)
	}
	w, err := sim.Load(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	ckt, err := w.Azure().GetCircuit(context.Background(), "rg-network", "ora-link-er")
	if err != nil {
		t.Fatal(err)
	}
	if err := w.BreakPath(ckt.ID, azure.Primary); err != nil {
		t.Fatal(err)
	}
	if err := saveSim(w, e.state); err != nil {
		t.Fatal(err)
	}

	r := e.must(2, "", "verify")
	for _, want := range []string{
		"FAIL    azure.arp.primary",
		"the Oracle address 192.168.240.1 is Incomplete",
		"PASS    azure.arp.secondary",
		"azure.arp.primary (fail): an Incomplete Oracle entry is a provider-side fault",
		"The interconnect is not working",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("verify lacks %q:\n%s", want, r)
		}
	}
}
