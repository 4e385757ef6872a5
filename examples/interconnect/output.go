package main

// This file: what every command prints: errors, colour, and the command
// lines it suggests.

import (
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/azoci/interconnect"
	"github.com/azoci/interconnect/plan"
)

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
// terminal, and not with -no-color or NO_COLOR set to anything but ""
// (https://no-color.org).
func useColor(w io.Writer, noColor bool) bool {
	return !noColor && os.Getenv("NO_COLOR") == "" && isTerminal(w)
}

// isTerminal reports whether the stream v (an io.Reader or io.Writer) is a
// terminal: an *os.File on a character device other than os.DevNull (which
// is a character device too, and what a CI job or cron often gives as
// stdin), or a stream that says so with a Terminal() bool method (the tests
// use one).
func isTerminal(v any) bool {
	if t, ok := v.(interface{ Terminal() bool }); ok {
		return t.Terminal()
	}
	f, ok := v.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	if err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		return false
	}
	null, err := os.Stat(os.DevNull)
	return err != nil || !os.SameFile(fi, null)
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
