package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"reflect"
	"slices"
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
	data, err := readFile(path, "saved plan", "save one with interconnect plan -out "+path)
	if err != nil {
		return nil, interconnect.Spec{}, err
	}
	p, err := plan.ReadJSON(bytes.NewReader(data))
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
// Its secrets were given by prepareSaved; the library refuses a plan the
// clouds no longer match.
func (s *session) applySaved(ctx context.Context) int {
	p := s.saved
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

// prepareSaved readies a saved plan before any cloud is read: the spec
// given with -f, if any, must be the plan's own but for its secrets (it is
// read only for them), and the plan gets the secrets it needs, checked as
// the spec's would be.
func (s *session) prepareSaved() error {
	var spec *interconnect.Spec
	if s.cfg.fileSet {
		given, err := readSpec(s.cfg.file)
		if err != nil {
			return err
		}
		keys, err := specDiff(s.spec, given)
		if err != nil {
			return err
		}
		if len(keys) > 0 {
			return fmt.Errorf("the spec %s is not the one the saved plan %s was made from; they differ in:\n%s\nWith a saved plan, -f only gives the secrets the plan does not hold, and apply would do what the plan says, not what %[1]s says. Give the spec the plan was made from, or make a new plan from this one (`interconnect plan -f %[1]s -out %[2]s`) and review it.",
				s.cfg.file, s.cfg.planFile, indent(strings.Join(keys, "\n")))
		}
		spec = &given
	}
	for _, name := range s.saved.MissingSecrets() {
		v, err := s.secretFor(name, spec)
		if err != nil {
			return err
		}
		s.saved.SetSecret(name, v)
	}
	return nil
}

// secretFor finds a secret a saved plan needs: in spec (the one given with
// -f; nil without -f), else in md5Env, whose value is checked as the spec's
// key would be, and never shown.
func (s *session) secretFor(name string, spec *interconnect.Spec) (secret.Value, error) {
	if name != "peering.md5AuthKey" {
		return "", fmt.Errorf("the saved plan needs %s, which this command cannot supply", name)
	}
	if spec != nil && !spec.Peering.MD5AuthKey.IsZero() {
		return spec.Peering.MD5AuthKey, nil
	}
	if v := os.Getenv(md5Env); v != "" {
		// The same rules as the spec's key, from the library's own check.
		check := s.spec
		check.Peering.MD5AuthKey = secret.Value(v)
		var verr *interconnect.ValidationError
		if errors.As(check.Validate(), &verr) {
			for _, p := range verr.Problems {
				if p.Field == name {
					return "", fmt.Errorf("%s: its value %s (the value is not shown; it is used as %s)", md5Env, p.Problem, name)
				}
			}
		}
		return secret.Value(v), nil
	}
	if spec != nil {
		return "", fmt.Errorf("the saved plan needs %s, which a saved plan never holds, and the spec %s has none: add it to %s, or set %s", name, s.cfg.file, s.cfg.file, md5Env)
	}
	return "", fmt.Errorf("the saved plan needs %s, which a saved plan never holds: give the spec it was made from with -f, or set %s", name, md5Env)
}

// specDiff lists the keys, as dotted paths (azure.spokes[0].resourceGroup),
// in which two specs differ as the library will use them (defaults applied,
// names in canonical form), secrets aside: a key's spelling that changes
// nothing (East US for eastus) is no difference.
func specDiff(a, b interconnect.Spec) ([]string, error) {
	tree := func(s interconnect.Spec) (any, error) {
		s = s.WithDefaults(nil)
		s.Peering.MD5AuthKey = ""
		data, err := json.Marshal(s)
		if err != nil {
			return nil, err
		}
		var t any
		err = json.Unmarshal(data, &t)
		return t, err
	}
	ta, err := tree(a)
	if err != nil {
		return nil, err
	}
	tb, err := tree(b)
	if err != nil {
		return nil, err
	}
	var keys []string
	// An absent map or list is an empty one, so that a key or an entry
	// added is named by its own path (tags.env, oci.routeTableIds[1]).
	var walk func(path string, x, y any)
	walk = func(path string, x, y any) {
		mx, okx := x.(map[string]any)
		my, oky := y.(map[string]any)
		if okx && (oky || y == nil) || oky && x == nil {
			names := map[string]bool{}
			for k := range mx {
				names[k] = true
			}
			for k := range my {
				names[k] = true
			}
			for _, k := range slices.Sorted(maps.Keys(names)) {
				p := k
				if path != "" {
					p = path + "." + k
				}
				walk(p, mx[k], my[k])
			}
			return
		}
		lx, okx := x.([]any)
		ly, oky := y.([]any)
		if okx && (oky || y == nil) || oky && x == nil {
			for i := range max(len(lx), len(ly)) {
				var a, b any
				if i < len(lx) {
					a = lx[i]
				}
				if i < len(ly) {
					b = ly[i]
				}
				walk(fmt.Sprintf("%s[%d]", path, i), a, b)
			}
			return
		}
		if !reflect.DeepEqual(x, y) {
			keys = append(keys, path)
		}
	}
	walk("", ta, tb)
	return keys, nil
}
