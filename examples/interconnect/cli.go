package main

// This file: the program's flow: parse the command line (flags.go), read
// the spec or the saved plan, connect to the clouds or the simulator, run
// the command, save the simulated world.

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

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
	if args[0] == "-version" || args[0] == "--version" {
		args = append([]string{"version"}, args[1:]...)
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
	if s.saved != nil {
		if err := s.prepareSaved(); err != nil {
			s.errorf("%v", err)
			return exitError
		}
	}
	if cmd.approve == approvalAsked && s.saved == nil && !c.autoApprove && !isTerminal(stdin) {
		// Nobody can answer the question: say so before reading a cloud,
		// rather than read an empty answer as a refusal.
		s.errorf("%s asks for confirmation, and standard input is not a terminal: give -auto-approve to %s without asking (review the plan first with `%s`). No cloud was read or changed.",
			cmd.name, cmd.name, s.commandLine(map[bool]string{false: "plan", true: "plan -destroy"}[cmd.name == "destroy"]))
		return exitError
	}

	scale := 1.0
	if c.sim {
		scale = c.simScale
	}
	s.progress = newProgress(stdout, scale, s.color)
	opts := []interconnect.Option{interconnect.WithEvents(s.progress.event)}
	var debug *slog.Logger // -v: every cloud call and poll, and on the real clouds every HTTP request with its request IDs
	if c.verbose {
		debug = slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
		opts = append(opts, interconnect.WithLogger(debug))
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
		az, oc, metrics, err := openReal(spec, creds, stderr, debug)
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
	data, err := readFile(path, "spec", "give the spec with -f")
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

// readFile reads the file a command line names, as what (a spec, a saved
// plan), saying in one line what is wrong when it cannot: a missing file
// (with how to name the right one), a directory.
func readFile(path, what, fix string) ([]byte, error) {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return nil, fmt.Errorf("%s is a directory, not a %s file", strings.TrimSuffix(path, string(os.PathSeparator))+string(os.PathSeparator), what)
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("no such file: %s (%s)", path, fix)
	}
	return data, err
}
