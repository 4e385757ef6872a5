package plan

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// Summary counts a plan's steps by action. It is the one counting rule of
// plans: every step counts in exactly one field (NoOp counts the unchanged
// steps), so the fields add up to Total, the number of steps. The plan's
// text, its JSON, the CLI and the examples all count with it.
type Summary struct {
	Create int `json:"create"`
	Update int `json:"update"`
	Delete int `json:"delete"`
	Wait   int `json:"wait"`
	NoOp   int `json:"noop"`
}

// Total is the number of steps counted: the sum of the fields.
func (s Summary) Total() int { return s.Create + s.Update + s.Delete + s.Wait + s.NoOp }

// String gives the total, then each field, as the text plan's first line
// does: "8 steps, 2 to create, 1 to update, 0 to delete, 1 to wait for, 4
// unchanged". The parts add up to the total.
func (s Summary) String() string {
	return fmt.Sprintf("%s, %d to create, %d to update, %d to delete, %d to wait for, %d unchanged",
		countOf(s.Total(), "step"), s.Create, s.Update, s.Delete, s.Wait, s.NoOp)
}

// countOf is "1 step", "2 steps".
func countOf(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// Summarize counts the plan's steps by action (see Summary): every step
// once, an action outside the five known ones as unchanged.
func (p *Plan) Summarize() Summary {
	var s Summary
	for _, st := range p.Steps {
		switch st.Action {
		case Create:
			s.Create++
		case Update:
			s.Update++
		case Delete:
			s.Delete++
		case Wait:
			s.Wait++
		default:
			s.NoOp++
		}
	}
	return s
}

// symbol is the one-character marker of an action in text and Mermaid output.
func (a Action) symbol() string {
	switch a {
	case Create:
		return "+"
	case Update:
		return "~"
	case Delete:
		return "-"
	case Wait:
		return "…"
	}
	return " "
}

// TextOptions tune WriteText.
type TextOptions struct {
	// Color adds ANSI colours (green create, yellow update, red delete, cyan
	// wait). Set it only when writing to a terminal.
	Color bool
	// ShowNoOps lists unchanged steps too.
	ShowNoOps bool
}

var ansi = map[Action]string{Create: "\x1b[32m", Update: "\x1b[33m", Delete: "\x1b[31m", Wait: "\x1b[36m"}

const ansiReset = "\x1b[0m"

// WriteText renders the plan for people, in the style of terraform plan:
// "+" create, "~" update, "-" delete, "…" wait. Sensitive values print as
// "(sensitive)".
func (p *Plan) WriteText(w io.Writer, o TextOptions) error {
	var b strings.Builder
	kind := "Plan"
	if p.Destroy {
		kind = "Destroy plan"
	}
	fmt.Fprintf(&b, "%s for interconnect %q: %s.\n", kind, p.Name, p.Summarize())
	critical := map[string]bool{}
	path, total := p.CriticalPath(EstimatedDuration)
	for _, id := range path {
		critical[id] = true
	}
	order, err := p.Order()
	if err != nil {
		return err
	}
	groups := p.Groups()
	if groups == nil {
		groups = []string{""}
	}
	for _, g := range groups {
		header := g != ""
		for _, id := range order {
			s, _ := p.Step(id)
			if s.Group != g || (s.Action == NoOp && !o.ShowNoOps) {
				continue
			}
			if header {
				fmt.Fprintf(&b, "\n=== %s ===\n", g)
				header = false
			}
			writeTextStep(&b, s, critical[s.ID], o)
		}
	}
	if total > 0 {
		fmt.Fprintf(&b, "\nCritical path: %s (~%s).\n", strings.Join(path, " → "), formatDuration(total))
	}
	if need := p.Secrets(); len(need) > 0 {
		fmt.Fprintf(&b, "\nSecrets Apply needs: %s (never saved with the plan).\n", strings.Join(need, ", "))
	}
	if len(p.Notes) > 0 {
		b.WriteString("\nNotes:\n")
		for _, n := range p.Notes {
			fmt.Fprintf(&b, "  - %s\n", n)
		}
	}
	_, err = io.WriteString(w, b.String())
	return err
}

// writeTextStep writes one step of WriteText.
func writeTextStep(b *strings.Builder, s Step, critical bool, o TextOptions) {
	color, reset := "", ""
	if o.Color && ansi[s.Action] != "" {
		color, reset = ansi[s.Action], ansiReset
	}
	fmt.Fprintf(b, "\n%s%s %s%s  %s %s", color, s.Action.symbol(), s.ID, reset, s.Kind, s.Name)
	if s.Estimate > 0 && s.Action != NoOp {
		fmt.Fprintf(b, "  (~%s", formatDuration(s.Estimate))
		if critical {
			b.WriteString(", critical path")
		}
		b.WriteString(")")
	}
	b.WriteString("\n")
	if s.Reason != "" {
		fmt.Fprintf(b, "    # %s\n", s.Reason)
	}
	for _, c := range s.Changes {
		old, nw := c.Old, c.New
		if c.IsSecret() {
			old, nw = redactIf(old), redactIf(nw)
		}
		switch {
		case old == "" && nw != "":
			fmt.Fprintf(b, "    %s: %s\n", c.Field, nw)
		case old != "" && nw == "":
			fmt.Fprintf(b, "    %s: %s -> (removed)\n", c.Field, old)
		default:
			fmt.Fprintf(b, "    %s: %s -> %s\n", c.Field, old, nw)
		}
	}
	if len(s.DependsOn) > 0 {
		fmt.Fprintf(b, "    after: %s\n", strings.Join(s.DependsOn, ", "))
	}
}

func redactIf(s string) string {
	if s == "" {
		return ""
	}
	return Redacted
}

func formatDuration(d time.Duration) string {
	if d >= time.Minute && d%time.Minute == 0 {
		return strconv.Itoa(int(d/time.Minute)) + "m"
	}
	return d.Round(time.Second).String()
}

// WriteMermaid renders the step DAG as a Mermaid flowchart, left to right,
// with the critical path's nodes and edges drawn thick and red. Unchanged
// steps are drawn dashed.
func (p *Plan) WriteMermaid(w io.Writer) error {
	order, err := p.Order()
	if err != nil {
		return err
	}
	path, _ := p.CriticalPath(EstimatedDuration)
	onPath := map[string]bool{}
	next := map[string]string{}
	for i, id := range path {
		onPath[id] = true
		if i+1 < len(path) {
			next[id] = path[i+1]
		}
	}
	node := map[string]string{}
	for i, id := range order {
		node[id] = "s" + strconv.Itoa(i)
	}
	var b strings.Builder
	b.WriteString("flowchart LR\n")
	groups := p.Groups()
	if groups == nil {
		groups = []string{""}
	}
	for gi, g := range groups {
		indent := "  "
		if g != "" {
			fmt.Fprintf(&b, "  subgraph g%d[\"%s\"]\n", gi, strings.ReplaceAll(g, `"`, "'"))
			indent = "    "
		}
		for _, id := range order {
			s, _ := p.Step(id)
			if s.Group != g {
				continue
			}
			label := fmt.Sprintf("%s %s<br/>%s", s.Action.symbol(), s.ID, s.Action)
			if s.Estimate > 0 && s.Action != NoOp {
				label += " ~" + formatDuration(s.Estimate)
			}
			fmt.Fprintf(&b, "%s%s[\"%s\"]\n", indent, node[id], strings.ReplaceAll(label, `"`, "'"))
		}
		if g != "" {
			b.WriteString("  end\n")
		}
	}
	edge := 0
	var criticalEdges []string
	for _, id := range order {
		s, _ := p.Step(id)
		for _, d := range s.DependsOn {
			fmt.Fprintf(&b, "  %s --> %s\n", node[d], node[id])
			if next[d] == id {
				criticalEdges = append(criticalEdges, strconv.Itoa(edge))
			}
			edge++
		}
	}
	b.WriteString("  classDef critical stroke:#d33,stroke-width:3px\n")
	b.WriteString("  classDef noop stroke-dasharray:4 3,color:#888\n")
	var crit, noop []string
	for _, id := range order {
		s, _ := p.Step(id)
		if onPath[id] {
			crit = append(crit, node[id])
		} else if s.Action == NoOp {
			noop = append(noop, node[id])
		}
	}
	if len(crit) > 0 {
		fmt.Fprintf(&b, "  class %s critical\n", strings.Join(crit, ","))
	}
	if len(noop) > 0 {
		fmt.Fprintf(&b, "  class %s noop\n", strings.Join(noop, ","))
	}
	if len(criticalEdges) > 0 {
		fmt.Fprintf(&b, "  linkStyle %s stroke:#d33,stroke-width:3px\n", strings.Join(criticalEdges, ","))
	}
	_, err = io.WriteString(w, b.String())
	return err
}
