package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/azoci/interconnect"
)

// heartbeatAfter is how long, in real time, progress stays silent before it
// says which steps are still running: long enough that a quick apply (any
// apply on the simulator) prints none, short enough that a long one never
// looks stuck.
const heartbeatAfter = 30 * time.Second

// progress prints Apply's events, one line per state change, stamped with the
// time since Apply began, and a heartbeat line naming the running steps after
// quiet (real time) without other output. Against the simulator, times are
// shown in simulated time (real time divided by the scale) and in real time.
type progress struct {
	out   io.Writer
	scale float64 // 1 against the real clouds
	color bool
	quiet time.Duration // real time without output before a heartbeat

	mu      sync.Mutex
	start   time.Time
	last    time.Time            // when the last line was printed
	running map[string]*activity // the steps started and not finished, by ID
}

// activity is what a running step is doing.
type activity struct {
	since time.Time
	doing string // the step's last event message
}

func newProgress(out io.Writer, scale float64, color bool) *progress {
	return &progress{out: out, scale: scale, color: color, quiet: heartbeatAfter, running: map[string]*activity{}, start: time.Now()}
}

// begin restarts the clock and starts the heartbeat; the returned function
// stops it.
func (p *progress) begin(ctx context.Context) (stop func()) {
	p.mu.Lock()
	p.start, p.last = time.Now(), time.Now()
	clear(p.running)
	p.mu.Unlock()
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			// Wake when the output will have been quiet long enough.
			p.mu.Lock()
			now, next := time.Now(), p.last.Add(p.quiet)
			p.mu.Unlock()
			if !next.After(now) {
				next = now.Add(p.quiet)
			}
			t := time.NewTimer(next.Sub(now))
			select {
			case <-ctx.Done():
				t.Stop()
				return
			case now := <-t.C:
				p.heartbeat(now)
			}
		}
	}()
	return func() { cancel(); <-done }
}

// heartbeat prints the running steps when nothing was printed for quiet.
func (p *progress) heartbeat(now time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.running) == 0 || now.Sub(p.last) < p.quiet {
		return
	}
	ids := slices.Sorted(maps.Keys(p.running))
	parts := make([]string, len(ids))
	for i, id := range ids {
		a := p.running[id]
		parts[i] = fmt.Sprintf("%s for %s (%s)", id, minutes(p.simulated(now.Sub(a.since))), a.doing)
	}
	p.line(now, "", "still running: "+strings.Join(parts, ", "))
}

// event is the interconnect.WithEvents handler.
func (p *progress) event(e interconnect.Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	// The step's ID starts its messages; the line shows it in a column.
	msg := strings.TrimPrefix(strings.TrimPrefix(e.Message, e.Step+": "), e.Step+" ")
	switch e.Kind {
	case interconnect.StepStarted:
		p.running[e.Step] = &activity{since: e.Time, doing: "started"}
		p.line(e.Time, e.Step, p.paint(symbol(e), e.Action.String())+" "+strings.TrimPrefix(msg, e.Action.String()+" "))
		return
	case interconnect.StepWaiting, interconnect.StepProgress:
		if a := p.running[e.Step]; a != nil {
			a.doing = msg
		}
	case interconnect.StepDone:
		delete(p.running, e.Step)
		msg = p.paint("✓", "") + " " + msg + " after " + p.duration(e.Elapsed)
	case interconnect.StepFailed:
		delete(p.running, e.Step)
		if errors.Is(e.Err, context.Canceled) {
			msg = p.paint("✗", "interrupted") + " (the operation goes on in the cloud)"
		} else {
			msg = p.paint("✗", "FAILED") + " " + strings.TrimPrefix(msg, "failed: ")
		}
	case interconnect.StepSkipped:
		msg = "skipped: " + msg
	}
	p.line(e.Time, e.Step, msg)
}

// symbol marks a started step as the text plan does.
func symbol(e interconnect.Event) string {
	switch e.Action.String() {
	case "create":
		return "+"
	case "update":
		return "~"
	case "delete":
		return "-"
	case "wait":
		return "…"
	}
	return " "
}

// paint colours a marker: green for done and create, red for failure and
// delete, yellow for update, cyan for wait.
func (p *progress) paint(mark, word string) string {
	if word != "" {
		mark += " " + word
	}
	if !p.color {
		return mark
	}
	code := "32"
	switch {
	case strings.HasPrefix(mark, "-"), strings.HasPrefix(mark, "✗"):
		code = "31"
	case strings.HasPrefix(mark, "~"):
		code = "33"
	case strings.HasPrefix(mark, "…"):
		code = "36"
	}
	return "\x1b[" + code + "m" + mark + "\x1b[0m"
}

// line prints one stamped line (mu held).
func (p *progress) line(at time.Time, step, msg string) {
	if at.IsZero() {
		at = time.Now()
	}
	if step != "" {
		step = fmt.Sprintf("%-28s ", step)
	}
	fmt.Fprintf(p.out, "%s %s%s\n", p.stamp(at), step, msg)
	p.last = time.Now()
}

// stamp is the time since begin: "[ 12m30s]" against the real clouds,
// "[ 12m30s sim,  1.5s]" against the simulator.
func (p *progress) stamp(at time.Time) string {
	d := max(at.Sub(p.start), 0)
	if p.scale == 1 {
		return fmt.Sprintf("[%7s]", minutes(d))
	}
	return fmt.Sprintf("[%7s sim, %5.1fs]", minutes(p.simulated(d)), d.Seconds())
}

// simulated converts a real duration to simulated time.
func (p *progress) simulated(d time.Duration) time.Duration {
	return time.Duration(float64(d) / p.scale)
}

// duration formats a real duration for people: in simulated time with the
// real time in parentheses against the simulator.
func (p *progress) duration(d time.Duration) string {
	if p.scale == 1 {
		return minutes(d)
	}
	return fmt.Sprintf("%s simulated (%.1fs real)", minutes(p.simulated(d)), d.Seconds())
}

// minutes formats d as "4m05s" (or "1h02m05s").
func minutes(d time.Duration) string {
	d = d.Round(time.Second)
	h, m, s := int(d/time.Hour), int(d%time.Hour/time.Minute), int(d%time.Minute/time.Second)
	if h > 0 {
		return fmt.Sprintf("%dh%02dm%02ds", h, m, s)
	}
	return fmt.Sprintf("%dm%02ds", m, s)
}
