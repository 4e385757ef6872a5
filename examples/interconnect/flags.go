package main

// This file: the command-line: the commands, their flags, and parsing them.

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// config is what the command line says.
type config struct {
	cmd string

	file       string
	sim        bool
	simState   string
	simScale   float64
	ociConfig  string
	ociProfile string
	noColor    bool
	verbose    bool

	output      string        // plan: text|json|mermaid; verify: text|json
	destroy     bool          // plan -destroy
	detailed    bool          // plan -detailed-exitcode
	autoApprove bool          // used by apply and destroy
	out         string        // plan -out: where to save the plan
	planFile    string        // apply FILE, show FILE: a saved plan
	interval    time.Duration // monitor
	listen      string        // monitor
	pidFile     string        // monitor -pid-file
	location    string        // drill: the peering location to fail over
	hold        time.Duration // drill: how long the failover holds before verifying
	timeout     time.Duration // drill: the bound of the failover and its verification
	fileSet     bool          // -f was given
}

// command is one subcommand.
type command struct {
	name    string
	summary string
	// flags adds the command's own flags (the common ones are added for
	// every command).
	flags func(fs *flag.FlagSet, c *config)
	run   func(ctx context.Context, s *session, c *config) int
	// outputs are the values -o accepts; the first is the default.
	outputs []string
	// file says what the positional argument is ("" for none): a saved plan,
	// optional ("[FILE]") or required ("FILE").
	file string
	// offline commands read no spec and no cloud: of the common flags they
	// take only -no-color, and only when they print text.
	offline bool
	// approve says what -auto-approve does for the command.
	approve approval
	// more is printed after the command's flags by help: what else to know.
	more string
}

// approval is what -auto-approve does for a command.
type approval int

const (
	// approvalAsked: the command asks for confirmation on a terminal, and
	// -auto-approve goes ahead without asking (apply, destroy).
	approvalAsked approval = iota
	// approvalIgnored: -auto-approve is accepted and ignored, so that one
	// command line fits plan, apply, verify and destroy; help does not list it.
	approvalIgnored
	// approvalNone: the command has no -auto-approve.
	approvalNone
)

var commands = []command{
	{
		name:    "plan",
		summary: "read both clouds and show what apply (or, with -destroy, destroy) would do",
		outputs: []string{"text", "json", "mermaid"},
		flags: func(fs *flag.FlagSet, c *config) {
			fs.BoolVar(&c.destroy, "destroy", false, "show the teardown plan instead")
			fs.BoolVar(&c.detailed, "detailed-exitcode", false, "exit 2 when the plan has changes (any step that is not a no-op), 0 when it has none")
			fs.StringVar(&c.out, "out", "", "also save the plan to `file` (JSON, no secrets) for review and `apply FILE`")
		},
		approve: approvalIgnored,
		run:     cmdPlan,
	},
	{
		name:    "apply",
		summary: "plan, ask for confirmation, then build or repair the interconnect; or apply a saved plan (apply FILE) exactly",
		file:    "[FILE]",
		run:     cmdApply,
	},
	{
		name:    "verify",
		summary: "check the interconnect end to end (circuit, BGP, ARP, routes, connection, route rules)",
		outputs: []string{"text", "json"},
		approve: approvalIgnored,
		run:     cmdVerify,
	},
	{
		name:    "destroy",
		summary: "plan the teardown, ask for confirmation, then delete what this interconnect created",
		run:     cmdDestroy,
	},
	{
		name:    "monitor",
		summary: "verify and read both clouds' metrics every interval, serve them to Prometheus, print each status change",
		flags: func(fs *flag.FlagSet, c *config) {
			fs.DurationVar(&c.interval, "interval", time.Minute, "time between two rounds of checks and metric reads (30s or more on the real clouds)")
			fs.StringVar(&c.listen, "listen", defaultListen, "the `address` to serve Prometheus metrics on, at /metrics")
			fs.StringVar(&c.pidFile, "pid-file", "", "write the process ID to `file` once the first round's metrics are served; removed when the monitor stops")
		},
		approve: approvalNone,
		more:    monitorHelp,
		run:     cmdMonitor,
	},
	{
		name:    "drill",
		summary: "fail one peering location of a maximum-resiliency interconnect over (Azure's site failover simulation), check that the other carries the traffic, stop it",
		flags: func(fs *flag.FlagSet, c *config) {
			fs.StringVar(&c.location, "location", "", "the peering `location` to fail over, one of the spec's two (quote it: -location \"Washington DC\")")
			fs.DurationVar(&c.hold, "hold", time.Minute, "how long the failover holds before the checks (in the clouds' time: simulated with -sim)")
			fs.DurationVar(&c.timeout, "timeout", 30*time.Minute, "the most the failover and its checks may take before the drill stops it (in the clouds' time)")
		},
		approve: approvalNone,
		run:     cmdDrill,
	},
	{
		name:    "show",
		summary: "render a plan saved with plan -out, without reading any cloud",
		outputs: []string{"text", "json", "mermaid"},
		file:    "FILE",
		offline: true,
		run:     cmdShow,
	},
	{
		name:    "version",
		summary: "print the version, VCS revision, Go version and cloud SDK versions this binary was built with",
		offline: true,
		run:     cmdVersion,
	},
}

func lookup(name string) (command, bool) {
	i := slices.IndexFunc(commands, func(c command) bool { return c.name == name })
	if i < 0 {
		return command{}, false
	}
	return commands[i], true
}

// newFlagSet makes the flag set of a command: the common flags it reads
// (all of them for a command that reads a spec and the clouds; only
// -no-color for an offline one that prints text) and its own. It neither
// prints nor exits: the caller reports errors.
func newFlagSet(cmd command, c *config) *flag.FlagSet {
	fs := flag.NewFlagSet(cmd.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	// Offline commands keep the defaults of the flags they do not take.
	c.file, c.simState, c.simScale, c.ociProfile = defaultSpecFile, defaultSimState, defaultSimScale, defaultProfile
	if !cmd.offline {
		fs.StringVar(&c.file, "f", defaultSpecFile, "the spec `file`, YAML or JSON (see README.md, \"The spec\")")
		fs.BoolVar(&c.sim, "sim", false, "run against the simulator, kept in the -sim-state file, instead of the real clouds")
		fs.StringVar(&c.simState, "sim-state", defaultSimState, "the simulator's state `file` (holds the simulated service keys in plain text)")
		fs.Float64Var(&c.simScale, "sim-scale", defaultSimScale, "how much real time a simulated second takes, as a `factor`: 0.002 runs the clouds 500 times faster")
		fs.StringVar(&c.ociConfig, "oci-config", "", "the OCI config `file` (default $OCI_CONFIG_FILE, else ~/.oci/config)")
		fs.StringVar(&c.ociProfile, "oci-profile", defaultProfile, "the `profile` of the OCI config file")
		fs.BoolVar(&c.verbose, "v", false, "log every cloud call and poll to stderr, and show the underlying errors when a credential check fails")
	}
	if !cmd.offline || slices.Contains(cmd.outputs, "text") {
		fs.BoolVar(&c.noColor, "no-color", false, "never colour the output (it is coloured only on a terminal anyway, and not when NO_COLOR is set)")
	}
	switch {
	case cmd.offline:
	case cmd.approve == approvalAsked:
		fs.BoolVar(&c.autoApprove, "auto-approve", false, "go ahead without asking for confirmation; needed when standard input is not a terminal")
	case cmd.approve == approvalIgnored:
		fs.BoolVar(&c.autoApprove, "auto-approve", false, "accepted and ignored, so that one command line fits plan, apply, verify and destroy")
	}
	if len(cmd.outputs) > 0 {
		fs.StringVar(&c.output, "o", cmd.outputs[0], "output `format`: "+strings.Join(cmd.outputs, ", "))
	}
	if cmd.flags != nil {
		cmd.flags(fs, c)
	}
	return fs
}

// parseFlags parses a command's flags and checks their values.
func parseFlags(cmd command, args []string) (*config, error) {
	c := &config{cmd: cmd.name}
	fs := newFlagSet(cmd, c)
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if cmd.file != "" && fs.NArg() > 0 {
		// The plan file may come before flags too: apply plan.json -sim.
		c.planFile = fs.Arg(0)
		if err := fs.Parse(fs.Args()[1:]); err != nil {
			return nil, err
		}
	}
	fs.Visit(func(f *flag.Flag) { c.fileSet = c.fileSet || f.Name == "f" })
	switch {
	case cmd.file == "FILE" && c.planFile == "":
		return nil, errors.New("give the saved plan's file, as in interconnect " + cmd.name + " plan.json")
	case fs.NArg() > 0 && cmd.file != "":
		return nil, fmt.Errorf("unexpected argument %q: give one plan file", fs.Arg(0))
	case fs.NArg() > 0:
		return nil, fmt.Errorf("unexpected argument %q (give the spec with -f)", fs.Arg(0))
	}
	if len(cmd.outputs) > 0 && !slices.Contains(cmd.outputs, c.output) {
		return nil, fmt.Errorf("-o %s: use one of %s", c.output, strings.Join(cmd.outputs, ", "))
	}
	if c.simScale <= 0 || c.simScale > 1 {
		return nil, fmt.Errorf("-sim-scale %g: give a factor in (0, 1], such as 0.002", c.simScale)
	}
	if c.file == "" {
		return nil, errors.New("-f is empty: give the spec file")
	}
	return c, nil
}
