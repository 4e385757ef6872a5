package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/azoci/interconnect"
	"github.com/azoci/interconnect/plan"
)

// cmdPlan prints the plan (or the teardown plan) in the chosen format.
func cmdPlan(ctx context.Context, s *session, c *config) int {
	p, err := s.makePlan(ctx, c.destroy)
	if err != nil {
		return s.planFailed(ctx, err)
	}
	if !s.renderPlan(p, c.output) {
		return exitError
	}
	if c.out != "" {
		if err := s.savePlan(p, c.out); err != nil {
			s.errorf("saving the plan: %v", err)
			return exitError
		}
	}
	if c.detailed && hasChanges(p) {
		return exitDiff
	}
	return exitOK
}

// cmdApply plans, asks and applies.
func cmdApply(ctx context.Context, s *session, c *config) int {
	if s.saved != nil {
		return s.applySaved(ctx)
	}
	return s.planAndApply(ctx, false)
}

// cmdDestroy plans the teardown, asks and applies it.
func cmdDestroy(ctx context.Context, s *session, c *config) int {
	return s.planAndApply(ctx, true)
}

// cmdVerify prints Verify's report; it exits 2 when a check failed.
func cmdVerify(ctx context.Context, s *session, c *config) int {
	rep, err := s.client.Verify(ctx, s.spec)
	if err != nil {
		if ctx.Err() != nil {
			s.errorf("interrupted; nothing was changed")
			return exitError
		}
		s.reportError("verify", err)
		return exitError
	}
	if c.output == "json" {
		enc := json.NewEncoder(s.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			s.errorf("writing the report: %v", err)
			return exitError
		}
	} else if err := writeReport(s.stdout, rep, s.color); err != nil {
		s.errorf("writing the report: %v", err)
		return exitError
	}
	if !rep.OK() {
		return exitDiff
	}
	return exitOK
}

func (s *session) makePlan(ctx context.Context, destroy bool) (*plan.Plan, error) {
	if destroy {
		return s.client.PlanDestroy(ctx, s.spec)
	}
	return s.client.Plan(ctx, s.spec)
}

func (s *session) planFailed(ctx context.Context, err error) int {
	if ctx.Err() != nil {
		s.errorf("interrupted while planning; nothing was changed")
		return exitError
	}
	s.reportError("planning", err)
	return exitError
}

// renderPlan prints the plan in the format -o asks for; it reports an
// error and returns false when it cannot.
func (s *session) renderPlan(p *plan.Plan, output string) bool {
	var err error
	switch output {
	case "json":
		err = p.WriteJSON(s.stdout)
	case "mermaid":
		err = p.WriteMermaid(s.stdout)
	default:
		err = s.writePlan(p)
	}
	if err != nil {
		s.errorf("writing the plan: %v", err)
		return false
	}
	return true
}

// writePlan prints the plan as text, and says so when it does nothing.
func (s *session) writePlan(p *plan.Plan) error {
	if err := p.WriteText(s.stdout, plan.TextOptions{Color: s.color}); err != nil {
		return err
	}
	if !hasChanges(p) {
		if p.Destroy {
			fmt.Fprintln(s.stdout, "\nNothing to destroy: this interconnect owns nothing in the clouds.")
		} else {
			fmt.Fprintln(s.stdout, "\nNo changes: the interconnect matches the spec.")
		}
	}
	return nil
}

// planAndApply is apply and destroy: plan, show, confirm, apply with
// progress, summarise.
func (s *session) planAndApply(ctx context.Context, destroy bool) int {
	p, err := s.makePlan(ctx, destroy)
	if err != nil {
		return s.planFailed(ctx, err)
	}
	if err := s.writePlan(p); err != nil {
		s.errorf("writing the plan: %v", err)
		return exitError
	}
	if !hasChanges(p) {
		return exitOK
	}
	verb := "Apply"
	if destroy {
		verb = "Destroy"
	}
	if !s.cfg.autoApprove {
		ok, err := s.confirm(ctx, p)
		if err != nil {
			s.errorf("%s cancelled: %v", verb, err)
			return exitError
		}
		if !ok {
			fmt.Fprintf(s.stdout, "\n%s cancelled: nothing was changed.\n", verb)
			return exitError
		}
	}
	fmt.Fprintf(s.stdout, "\n%s %q: %s.\n", map[bool]string{false: "Applying", true: "Destroying"}[destroy], p.Name, p.Summarize())
	stop := s.progress.begin(ctx)
	res, err := s.client.Apply(ctx, p)
	stop()
	return s.finishApply(ctx, verb, p, res, err)
}

// finishApply reports how Apply went: the step table, then what to do next.
func (s *session) finishApply(ctx context.Context, verb string, p *plan.Plan, res *interconnect.Result, err error) int {
	if res != nil {
		s.summarize(verb, p, res)
	}
	resume := fmt.Sprintf("run `%s` again: it picks up where it stopped", s.resumeCommand())
	if s.saved != nil {
		// A saved plan that ran in part no longer matches the clouds.
		resume = fmt.Sprintf("run `%s`, or make and review a new plan with `interconnect plan -f SPEC -out %s`: finished steps are not repeated", s.resumeCommand(), s.cfg.planFile)
	}
	if ctx.Err() != nil {
		where := "the clouds"
		if s.world != nil {
			where = "the simulator (its state is saved in " + s.cfg.simState + ")"
		}
		fmt.Fprintf(s.stdout, "\nInterrupted. Operations already started keep going in %s.\n", where)
		fmt.Fprintf(s.stdout, "To resume, %s.\n", resume)
		return exitError
	}
	if err != nil {
		s.reportError(strings.ToLower(verb)+" failed", err)
		fmt.Fprintf(s.stderr, "Fix the problem and %s.\n", resume)
		return exitError
	}
	if !p.Destroy {
		fmt.Fprintf(s.stdout, "Check it end to end with `%s`.\n", s.commandLine("verify"))
	}
	return exitOK
}

// confirm asks for "yes" on stdin. It gives up when ctx ends.
func (s *session) confirm(ctx context.Context, p *plan.Plan) (bool, error) {
	if p.Destroy {
		fmt.Fprintf(s.stdout, "\nDo you really want to destroy interconnect %q? Everything listed above is deleted.\n", p.Name)
	} else {
		fmt.Fprintf(s.stdout, "\nDo you want to apply this plan to interconnect %q?\n", p.Name)
	}
	fmt.Fprint(s.stdout, "  Only 'yes' will be accepted.\n  Enter a value: ")
	answer := make(chan string, 1)
	go func() {
		line, err := bufio.NewReader(s.stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			line = ""
		}
		answer <- strings.TrimSpace(line)
	}()
	select {
	case a := <-answer:
		fmt.Fprintln(s.stdout)
		return a == "yes", nil
	case <-ctx.Done():
		fmt.Fprintln(s.stdout)
		return false, errors.New("interrupted")
	}
}

// summarize prints what Apply did, step by step.
func (s *session) summarize(verb string, p *plan.Plan, res *interconnect.Result) {
	tw := tabwriter.NewWriter(s.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "\n  STEP\tACTION\tRESULT\tTOOK")
	for _, r := range res.Steps {
		if r.Action == plan.NoOp {
			continue
		}
		result, took := r.Outcome, "-"
		switch {
		case r.Skipped:
			result = "not run"
			if r.Err != nil && !errors.Is(r.Err, context.Canceled) {
				result = "skipped: " + strings.TrimPrefix(r.Err.Error(), "skipped: ")
			}
		case errors.Is(r.Err, context.Canceled):
			result = "interrupted"
			took = s.progress.duration(r.Duration())
		case r.Err != nil:
			result = "FAILED"
			took = s.progress.duration(r.Duration())
		default:
			took = s.progress.duration(r.Duration())
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", r.ID, r.Action, result, took)
	}
	tw.Flush()
	status := "complete"
	if !res.Counts().Complete() {
		status = "incomplete"
	}
	fmt.Fprintf(s.stdout, "\n%s %s: %s, in %s.\n", verb, status, res.Summary(), s.progress.duration(res.Duration()))
	if path, critical := res.CriticalPath(p); status == "complete" && critical > 0 {
		fmt.Fprintf(s.stdout, "Critical path %s: %s; elapsed/critical path %.3f.\n", strings.Join(path, " → "), s.progress.duration(critical), res.Ratio(p))
	}
}

// writeReport prints Verify's checks as a table, then the hints of those
// that did not pass.
func writeReport(w io.Writer, rep *interconnect.Report, color bool) error {
	fmt.Fprintf(w, "Verify %q at %s: %s.\n\n", rep.Name, rep.Time.Format(time.RFC3339), rep.Summary())
	// The columns are padded by the visible width of their text, and the
	// status is coloured after padding, so that escape codes never shift a
	// column: the table aligns the same with and without colour.
	// With maximum resiliency each circuit's checks come twice: a LOCATION
	// column says whose.
	statusWidth, nameWidth, locationWidth := len("STATUS"), len("CHECK"), len("LOCATION")
	locations := map[string]bool{}
	for _, c := range rep.Checks {
		statusWidth = max(statusWidth, len(statusText(c.Status, false)))
		nameWidth = max(nameWidth, utf8.RuneCountInString(c.Name))
		locationWidth = max(locationWidth, utf8.RuneCountInString(c.Location))
		if c.Location != "" {
			locations[c.Location] = true
		}
	}
	pad := func(s string, width int) string { return s + strings.Repeat(" ", width-utf8.RuneCountInString(s)+2) }
	location := func(s string) string { return "" }
	if len(locations) > 1 {
		location = func(s string) string { return pad(s, locationWidth) }
	}
	if _, err := fmt.Fprintf(w, "%s%s%s%s\n", pad("STATUS", statusWidth), pad("CHECK", nameWidth), location("LOCATION"), "DETAIL"); err != nil {
		return err
	}
	for _, c := range rep.Checks {
		status := pad(statusText(c.Status, false), statusWidth)
		if color {
			status = statusText(c.Status, true) + strings.Repeat(" ", len(status)-len(statusText(c.Status, false)))
		}
		if _, err := fmt.Fprintf(w, "%s%s%s%s\n", status, pad(c.Name, nameWidth), location(c.Location), c.Detail); err != nil {
			return err
		}
	}
	var hints []interconnect.Check
	for _, c := range rep.Checks {
		if c.Status != interconnect.Pass && c.Hint != "" {
			hints = append(hints, c)
		}
	}
	if len(hints) > 0 {
		fmt.Fprintln(w, "\nWhat to do:")
		for _, c := range hints {
			name := c.Name
			if len(locations) > 1 && c.Location != "" {
				name += " at " + c.Location
			}
			fmt.Fprintf(w, "  %s (%s): %s\n", name, c.Status, c.Hint)
		}
	}
	if rep.OK() {
		fmt.Fprintln(w, "\nThe interconnect is up.")
	} else {
		fmt.Fprintln(w, "\nThe interconnect is not working; see README.md, \"Troubleshooting\", under each failing check's name.")
	}
	return nil
}

// statusText is the status column: PASS, WARN, FAIL, coloured on a
// terminal.
func statusText(st interconnect.Status, color bool) string {
	text := strings.ToUpper(st.String())
	if !color {
		return text
	}
	code := map[interconnect.Status]string{interconnect.Pass: "32", interconnect.Warn: "33", interconnect.Fail: "31"}[st]
	return "\x1b[" + code + "m" + text + "\x1b[0m"
}
