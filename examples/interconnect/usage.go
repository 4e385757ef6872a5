package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/azoci/interconnect/internal/strictyaml"
)

// This file: what the command prints about itself.

// unknownCommand says so in one line, with the likely intended command and
// where the help is.
func unknownCommand(w io.Writer, name string) {
	names := make([]string, len(commands))
	for i, c := range commands {
		names[i] = c.name
	}
	if s := strictyaml.Suggest(name, append(names, "help")); s != "" {
		fmt.Fprintf(w, "interconnect: unknown command %q (did you mean %s?); see interconnect -h\n", name, s)
		return
	}
	fmt.Fprintf(w, "interconnect: unknown command %q; the commands are %s (see interconnect -h)\n", name, strings.Join(names, ", "))
}

func usage(w io.Writer) {
	fmt.Fprint(w, `interconnect builds, checks and tears down the private interconnect between an
Azure VNet (ExpressRoute) and an OCI VCN (FastConnect) described in a spec file.

Usage:
  interconnect <command> -f spec.yaml [flags]
  interconnect plan -f spec.yaml -out plan.json    save a plan for review
  interconnect show plan.json                      show a saved plan
  interconnect apply plan.json                     apply exactly that plan

Commands:
`)
	for _, c := range commands {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `  help     show this help, or a command's: interconnect help apply

The commands that read the clouds take -sim to run against the built-in
simulator instead (no credentials):
  interconnect apply -f spec.yaml -sim -auto-approve

Without -sim, both clouds' credentials are checked first: Azure's with
DefaultAzureCredential (az login, AZURE_TENANT_ID/AZURE_CLIENT_ID/AZURE_CLIENT_SECRET,
or a managed identity), OCI's in the config file (oci setup config writes one).

Exit codes: 0 success; 1 error; 2 verify found a failing check,
plan -detailed-exitcode found changes, or a drill's other location did not
carry the routes.
`)
}

// commandUsage prints a command's help: its usage line, what it does, the
// flags it reads (no others), and what else to know.
func commandUsage(w io.Writer, cmd command) {
	line := "interconnect " + cmd.name + " -f spec.yaml [flags]"
	switch {
	case cmd.offline && cmd.file != "":
		line = "interconnect " + cmd.name + " [flags] " + cmd.file
	case cmd.offline:
		line = "interconnect " + cmd.name
	case cmd.file != "":
		line += "\n       interconnect " + cmd.name + " [flags] FILE"
	}
	fmt.Fprintf(w, "Usage: %s\n\n%s.\n", line, upperFirst(cmd.summary))
	fs := newFlagSet(cmd, &config{})
	shown := flag.NewFlagSet(cmd.name, flag.ContinueOnError)
	fs.VisitAll(func(f *flag.Flag) {
		if f.Name != "auto-approve" || cmd.approve != approvalIgnored {
			shown.Var(f.Value, f.Name, f.Usage)
		}
	})
	if countFlags(shown) > 0 {
		fmt.Fprint(w, "\nFlags:\n")
		shown.SetOutput(w)
		shown.PrintDefaults()
	}
	if cmd.approve == approvalIgnored && !cmd.offline {
		fmt.Fprintf(w, "\n%s also accepts -auto-approve, and ignores it, so that one command line fits plan, apply, verify and destroy.\n", cmd.name)
	}
	if cmd.more != "" {
		fmt.Fprint(w, "\n"+cmd.more)
	}
}

// countFlags counts the flags defined in fs.
func countFlags(fs *flag.FlagSet) int {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	return n
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
