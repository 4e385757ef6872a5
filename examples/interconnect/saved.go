package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/azoci/interconnect"
	"github.com/azoci/interconnect/plan"
	"github.com/azoci/interconnect/secret"
)

// This file: saved plans. plan -out FILE writes one, show FILE renders it,
// apply FILE applies exactly it, after the library has checked that the
// clouds still are as the plan found them.

// md5Env is the environment variable apply FILE takes the BGP MD5 key from
// when no spec is given with -f: a saved plan never holds it.
const md5Env = "INTERCONNECT_MD5_AUTH_KEY"

// savePlan writes p to path as JSON (no secrets in it) and says how to use
// it: on stdout after a text plan, on stderr when stdout carries JSON or
// Mermaid that a program reads.
func (s *session) savePlan(p *plan.Plan, path string) error {
	say := s.stdout
	if s.cfg.output != "text" {
		say = s.stderr
	}
	var b bytes.Buffer
	if err := p.WriteJSON(&b); err != nil {
		return err
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(say, "\nSaved the plan to %s. Review it with `interconnect show %s`, apply exactly it with `interconnect apply %s`.\n", path, path, path)
	if need := p.Secrets(); len(need) > 0 {
		fmt.Fprintf(say, "It needs %s at apply time, which it does not hold: give the spec with -f, or set %s.\n", strings.Join(need, ", "), md5Env)
	}
	return nil
}

// loadPlan reads a saved plan and the spec it carries.
func loadPlan(path string) (*plan.Plan, interconnect.Spec, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, interconnect.Spec{}, err
	}
	defer f.Close()
	p, err := plan.ReadJSON(f)
	if err != nil {
		return nil, interconnect.Spec{}, fmt.Errorf("%s is not a saved plan: %w", path, err)
	}
	spec, err := interconnect.ParseSpec(p.Spec)
	if err != nil {
		return nil, interconnect.Spec{}, fmt.Errorf("the spec saved in %s does not read back: %w", path, err)
	}
	return p, spec, nil
}

// cmdShow renders a saved plan.
func cmdShow(ctx context.Context, s *session, c *config) int {
	p, _, err := loadPlan(c.planFile)
	if err != nil {
		s.errorf("%v", err)
		return exitError
	}
	if !s.renderPlan(p, c.output) {
		return exitError
	}
	return exitOK
}

// applySaved applies a saved plan exactly, without asking: it was reviewed.
// It gives the plan its secrets (from the spec given with -f, or md5Env);
// the library refuses a plan the clouds no longer match.
func (s *session) applySaved(ctx context.Context) int {
	p := s.saved
	for _, name := range p.MissingSecrets() {
		v, err := s.secretFor(name)
		if err != nil {
			s.errorf("%v", err)
			return exitError
		}
		p.SetSecret(name, v)
	}
	if !hasChanges(p) {
		fmt.Fprintf(s.stdout, "The saved plan %s changes nothing.\n", s.cfg.planFile)
		return exitOK
	}
	verb := map[bool]string{false: "Apply", true: "Destroy"}[p.Destroy]
	fmt.Fprintf(s.stdout, "Applying the saved plan %s for %q: %s. Checking first that the clouds are as it found them.\n", s.cfg.planFile, p.Name, p.Summarize())
	stop := s.progress.begin(ctx)
	res, err := s.client.Apply(ctx, p)
	stop()
	var stale *interconnect.StalePlanError
	if errors.As(err, &stale) {
		s.errorf("the saved plan %s is stale: the clouds changed since it was made, so it would not do what was reviewed:\n%s\nMake a new plan (`interconnect plan -f SPEC -out %s`) and review it.",
			s.cfg.planFile, indent(strings.Join(stale.Changes, "\n")), s.cfg.planFile)
		return exitError
	}
	return s.finishApply(ctx, verb, p, res, err)
}

// secretFor finds a secret a saved plan needs.
func (s *session) secretFor(name string) (secret.Value, error) {
	if name != "peering.md5AuthKey" {
		return "", fmt.Errorf("the saved plan needs %s, which this command cannot supply", name)
	}
	if s.cfg.fileSet {
		spec, err := readSpec(s.cfg.file)
		if err != nil {
			return "", err
		}
		if spec.Name != s.saved.Name {
			return "", fmt.Errorf("the spec %s is for interconnect %q, the saved plan for %q", s.cfg.file, spec.Name, s.saved.Name)
		}
		if !spec.Peering.MD5AuthKey.IsZero() {
			return spec.Peering.MD5AuthKey, nil
		}
	}
	if v := os.Getenv(md5Env); v != "" {
		return secret.Value(v), nil
	}
	return "", fmt.Errorf("the saved plan needs peering.md5AuthKey, which a saved plan never holds: give the spec with -f, or set %s", md5Env)
}
