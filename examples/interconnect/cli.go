package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/azoci/interconnect"
	"github.com/azoci/interconnect/plan"
	"github.com/azoci/interconnect/sim"
)

// Exit codes.
const (
	exitOK    = 0 // success
	exitError = 1 // an error: bad arguments or spec, credentials, a cloud error, cancelled, interrupted
	exitDiff  = 2 // verify found a failing check; plan -detailed-exitcode found changes
)

// Defaults of the flags every command takes.
const (
	defaultSpecFile = "interconnect.yaml"
	defaultSimState = ".interconnect-sim.json"
	defaultListen   = "127.0.0.1:9108"
	// defaultSimScale makes simulated time run 500 times faster than real
	// time: the 40 minutes of an ExpressRoute gateway take 4.8 seconds.
	defaultSimScale = 1.0 / 500
	defaultProfile  = "DEFAULT"
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
	// offline commands read no spec and no cloud.
	offline bool
}

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
		run: cmdPlan,
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
		},
		run: cmdMonitor,
	},
	{
		name:    "show",
		summary: "render a plan saved with plan -out, without reading any cloud",
		outputs: []string{"text", "json", "mermaid"},
		file:    "FILE",
		offline: true,
		run:     cmdShow,
	},
}

func lookup(name string) (command, bool) {
	i := slices.IndexFunc(commands, func(c command) bool { return c.name == name })
	if i < 0 {
		return command{}, false
	}
	return commands[i], true
}

// run is the whole program: it parses args, runs the command and returns
// the exit code. Ctrl-C (or SIGTERM) cancels the command cleanly.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		// After the first signal, a second one kills the process the
		// default way.
		<-ctx.Done()
		stop()
	}()
	return runContext(ctx, args, stdin, stdout, stderr)
}

// runContext is run with the context that interrupts the command.
func runContext(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitError
	}
	switch name := args[0]; name {
	case "help", "-h", "-help", "--help":
		if len(args) > 1 {
			cmd, ok := lookup(args[1])
			if !ok {
				unknownCommand(stderr, args[1])
				return exitError
			}
			commandUsage(stdout, cmd)
			return exitOK
		}
		usage(stdout)
		return exitOK
	}
	cmd, ok := lookup(args[0])
	if !ok {
		unknownCommand(stderr, args[0])
		return exitError
	}
	c, err := parseFlags(cmd, args[1:])
	if errors.Is(err, flag.ErrHelp) {
		commandUsage(stdout, cmd)
		return exitOK
	}
	if err != nil {
		fmt.Fprintf(stderr, "interconnect %s: %v (see interconnect %s -h)\n", cmd.name, err, cmd.name)
		return exitError
	}
	return execute(ctx, cmd, c, stdin, stdout, stderr)
}

// newFlagSet makes the flag set of a command, common flags included. It
// neither prints nor exits: the caller reports errors.
func newFlagSet(cmd command, c *config) *flag.FlagSet {
	fs := flag.NewFlagSet(cmd.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	fs.StringVar(&c.file, "f", defaultSpecFile, "the spec `file`, YAML or JSON (see README.md, \"The spec\")")
	fs.BoolVar(&c.sim, "sim", false, "run against the simulator, kept in the -sim-state file, instead of the real clouds")
	fs.StringVar(&c.simState, "sim-state", defaultSimState, "the simulator's state `file` (holds the simulated service keys in plain text)")
	fs.Float64Var(&c.simScale, "sim-scale", defaultSimScale, "how much real time a simulated second takes, as a `factor`: 0.002 runs the clouds 500 times faster")
	fs.StringVar(&c.ociConfig, "oci-config", "", "the OCI config `file` (default $OCI_CONFIG_FILE, else ~/.oci/config)")
	fs.StringVar(&c.ociProfile, "oci-profile", defaultProfile, "the `profile` of the OCI config file")
	fs.BoolVar(&c.noColor, "no-color", false, "never colour the output (it is coloured only on a terminal anyway, and not when NO_COLOR is set)")
	fs.BoolVar(&c.verbose, "v", false, "log every cloud call and poll to stderr, and show the underlying errors when a credential check fails")
	fs.BoolVar(&c.autoApprove, "auto-approve", false, "apply or destroy without asking for confirmation (accepted and ignored by plan and verify, so one command line fits all four)")
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

// session is everything a command works with.
type session struct {
	cfg    *config
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	color  bool // colour stdout
	// errColor colours stderr.
	errColor bool

	spec     interconnect.Spec
	saved    *plan.Plan // apply FILE: the saved plan
	client   *interconnect.Client
	world    *sim.World // nil against the real clouds
	progress *progress
}

// execute reads the spec, connects to the clouds (or the simulator), runs the
// command and, with -sim, saves the simulated world, whatever happened.
func execute(ctx context.Context, cmd command, c *config, stdin io.Reader, stdout, stderr io.Writer) (code int) {
	s := &session{cfg: c, stdin: stdin, stdout: stdout, stderr: stderr,
		color: useColor(stdout, c.noColor), errColor: useColor(stderr, c.noColor)}
	if cmd.offline {
		return cmd.run(ctx, s, c)
	}
	var spec interconnect.Spec
	var err error
	if c.planFile != "" {
		// A saved plan carries its spec: the clouds are those it was made for.
		s.saved, spec, err = loadPlan(c.planFile)
	} else {
		spec, err = readSpec(c.file)
	}
	if err != nil {
		s.errorf("%v", err)
		return exitError
	}
	s.spec = spec

	scale := 1.0
	if c.sim {
		scale = c.simScale
	}
	s.progress = newProgress(stdout, scale, s.color)
	opts := []interconnect.Option{interconnect.WithEvents(s.progress.event)}
	if c.verbose {
		opts = append(opts, interconnect.WithLogger(slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	}

	if c.sim {
		w, err := openSim(ctx, c, spec, stderr)
		if err != nil {
			s.errorf("%v", err)
			return exitError
		}
		s.world = w
		opts = append(opts, interconnect.WithMetrics(w.AzureMetrics(), w.OCIMetrics()))
		s.client = interconnect.New(w.Azure(), w.OCI(), append(simOptions(c.simScale), opts...)...)
		defer func() {
			if err := saveSim(w, c.simState); err != nil {
				s.errorf("saving the simulator state: %v", err)
				if code == exitOK {
					code = exitError
				}
			}
		}()
	} else {
		// Both clouds' credentials are checked before anything reads a
		// cloud, so that a missing login is one clear message, not the
		// first call's error deep in a plan.
		creds, problems := checkCredentials(ctx, c)
		if ctx.Err() != nil {
			s.errorf("interrupted while checking the credentials; nothing was changed")
			return exitError
		}
		if len(problems) > 0 {
			s.reportCredentials(problems)
			return exitError
		}
		az, oc, metrics, err := openReal(spec, creds, stderr)
		if err != nil {
			s.errorf("%v", err)
			return exitError
		}
		s.client = interconnect.New(az, oc, append(opts, metrics)...)
	}
	return cmd.run(ctx, s, c)
}

// readSpec reads, parses and checks the spec file offline.
func readSpec(path string) (interconnect.Spec, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) && path == defaultSpecFile {
		return interconnect.Spec{}, fmt.Errorf("no spec: %s does not exist; give the spec file with -f", path)
	}
	if err != nil {
		return interconnect.Spec{}, err
	}
	s, err := interconnect.ParseSpec(data)
	if err != nil {
		return interconnect.Spec{}, fmt.Errorf("%s cannot be read:\n%s", path, indent(err.Error()))
	}
	if err := s.Validate(); err != nil {
		return interconnect.Spec{}, fmt.Errorf("%s is not valid:\n%s", path, indent(err.Error()))
	}
	return s, nil
}

// indent indents every line of s by two spaces.
func indent(s string) string {
	return "  " + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n  ")
}

// errorf reports an error on stderr.
func (s *session) errorf(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	prefix := "Error: "
	if s.errColor {
		prefix = "\x1b[1;31mError:\x1b[0m "
	}
	fmt.Fprintln(s.stderr, prefix+msg)
}

// reportError reports an error from the library, one problem per line.
func (s *session) reportError(what string, err error) {
	var v *interconnect.ValidationError
	if errors.As(err, &v) {
		s.errorf("%s: the spec cannot be applied as it is:\n%s", what, indent(err.Error()))
		return
	}
	msg := err.Error()
	if strings.Contains(msg, "\n") {
		s.errorf("%s:\n%s", what, indent(msg))
		return
	}
	s.errorf("%s: %s", what, msg)
}

// useColor reports whether to colour output written to w: only on a
// terminal, and not with -no-color or NO_COLOR set.
func useColor(w io.Writer, noColor bool) bool {
	if noColor || os.Getenv("NO_COLOR") != "" {
		return false
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// hasChanges reports whether applying p does anything: a step that creates,
// updates, deletes or waits.
func hasChanges(p *plan.Plan) bool {
	return slices.ContainsFunc(p.Steps, func(s plan.Step) bool { return s.Action != plan.NoOp })
}

// resumeCommand is the command line that picks up an interrupted run: the
// same command on the spec (for apply FILE, apply on the spec it was made
// from).
func (s *session) resumeCommand() string {
	return s.commandLine(s.cfg.cmd)
}

// commandLine is the command line running cmd on this session's spec and
// clouds. Without -f (apply FILE), the spec is named SPEC.
func (s *session) commandLine(cmd string) string {
	file := "SPEC"
	if s.cfg.fileSet || s.saved == nil {
		file = shellQuote(s.cfg.file)
	}
	parts := []string{"interconnect", cmd, "-f", file}
	if s.cfg.sim {
		parts = append(parts, "-sim")
		if s.cfg.simState != defaultSimState {
			parts = append(parts, "-sim-state", shellQuote(s.cfg.simState))
		}
		if s.cfg.simScale != defaultSimScale {
			parts = append(parts, fmt.Sprintf("-sim-scale %g", s.cfg.simScale))
		}
	} else {
		if s.cfg.ociConfig != "" {
			parts = append(parts, "-oci-config", shellQuote(s.cfg.ociConfig))
		}
		if s.cfg.ociProfile != defaultProfile {
			parts = append(parts, "-oci-profile", shellQuote(s.cfg.ociProfile))
		}
	}
	return strings.Join(parts, " ")
}

func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:@+=,", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
