package main

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/azoci/interconnect"
	"github.com/azoci/interconnect/plan"
)

// lockedBuffer is a bytes.Buffer safe for the heartbeat's goroutine.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestHeartbeat checks, on synctest's clock, that a heartbeat comes only
// after the quiet interval of real time without other output, whatever the
// simulator's scale, that other output puts it off, and that none comes
// while no step runs.
func TestHeartbeat(t *testing.T) {
	for _, scale := range []float64{1, defaultSimScale} {
		synctest.Test(t, func(t *testing.T) {
			out := &lockedBuffer{}
			p := newProgress(out, scale, false)
			if p.quiet != heartbeatAfter || heartbeatAfter != 30*time.Second {
				t.Fatalf("quiet %s, want the 30s of heartbeatAfter", p.quiet)
			}
			stop := p.begin(context.Background())
			defer stop()
			beats := func() int { synctest.Wait(); return strings.Count(out.String(), "still running") }
			event := func(kind interconnect.EventKind, msg string) {
				p.event(interconnect.Event{Time: time.Now(), Step: "azure/gateway", Action: plan.Create, Kind: kind, Message: msg})
			}

			time.Sleep(time.Minute) // nothing runs: no heartbeat
			if n := beats(); n != 0 {
				t.Fatalf("scale %g: %d heartbeats with no step running:\n%s", scale, n, out)
			}
			event(interconnect.StepStarted, "create gateway ora-link-ergw")
			time.Sleep(29 * time.Second)
			if n := beats(); n != 0 {
				t.Fatalf("scale %g: a heartbeat after 29s of quiet:\n%s", scale, out)
			}
			event(interconnect.StepProgress, "creating gateway ora-link-ergw") // output puts the heartbeat off
			time.Sleep(29 * time.Second)
			if n := beats(); n != 0 {
				t.Fatalf("scale %g: a heartbeat 29s after the last line:\n%s", scale, out)
			}
			time.Sleep(2 * time.Second)
			if n := beats(); n != 1 {
				t.Fatalf("scale %g: %d heartbeats 31s after the last line, want 1:\n%s", scale, n, out)
			}
			time.Sleep(30 * time.Second)
			if n := beats(); n != 2 {
				t.Fatalf("scale %g: %d heartbeats after another 30s, want 2:\n%s", scale, n, out)
			}
			if !strings.Contains(out.String(), "still running: azure/gateway for ") || !strings.Contains(out.String(), "(creating gateway ora-link-ergw)") {
				t.Errorf("heartbeat line:\n%s", out)
			}
			event(interconnect.StepDone, "created")
			time.Sleep(5 * time.Minute)
			if n := beats(); n != 2 {
				t.Errorf("scale %g: %d heartbeats after the step finished, want still 2:\n%s", scale, n, out)
			}
			t.Logf("scale %g:\n%s", scale, out)
		})
	}
}
