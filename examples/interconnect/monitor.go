package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/azoci/interconnect"
	"github.com/azoci/interconnect/azure"
)

// This file: interconnect monitor, which runs Client.Watch, serves its
// observations as Prometheus metrics (exporter.go) and prints one line per
// status change. With -sim it also serves /sim/ endpoints that break, repair
// and degrade the simulated circuit's paths and offer traffic on it.

// cmdMonitor watches the interconnect until interrupted.
func cmdMonitor(ctx context.Context, s *session, c *config) int {
	if c.interval <= 0 {
		s.errorf("-interval %s: give a positive duration, such as 1m", c.interval)
		return exitError
	}
	spec := s.spec.WithDefaults(nil)
	exp := newExporter(spec.Name, float64(spec.Bandwidth.Mbps())*1e6, c.interval.Seconds())
	reg := prometheus.NewRegistry()
	reg.MustRegister(exp, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	if s.world != nil {
		s.simEndpoints(mux, spec)
	}
	ln, err := net.Listen("tcp", c.listen)
	if errors.Is(err, syscall.EADDRINUSE) {
		_, port, _ := net.SplitHostPort(c.listen)
		s.errorf("-listen %s: port %s is in use: another interconnect monitor may be running (stop it, with kill \"$(cat FILE)\" if it was started with -pid-file FILE), or choose another address with -listen", c.listen, port)
		return exitError
	}
	if err != nil {
		s.errorf("-listen %s: %v", c.listen, err)
		return exitError
	}
	defer ln.Close()
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	defer func() {
		shutdown, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		srv.Shutdown(shutdown)
	}()

	fmt.Fprintf(s.stdout, "Monitoring interconnect %q every %s; Prometheus metrics at http://%s/metrics. Ctrl-C stops.\n", spec.Name, c.interval, ln.Addr())
	if s.world != nil {
		fmt.Fprintf(s.stdout, "Simulator: POST http://%[1]s/sim/break-path?path=primary (or secondary) cuts a path, /sim/repair-path?path=... mends it, /sim/traffic?in=4e8&out=1e8 offers traffic (bit/s), /sim/degrade-path?path=primary&errors=0.01&discards=0 makes a path lose packets.\n", ln.Addr())
		if locs := spec.Locations(); len(locs) > 1 {
			fmt.Fprintf(s.stdout, "Simulator: add &location=%s to act on the second location's circuit (the first's by default).\n", url.QueryEscape(locs[1]))
		}
	}
	lines := &statusLines{s: s, name: spec.Name}
	rounds := 0
	watchCtx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	pidWritten := false
	defer func() {
		if pidWritten {
			os.Remove(c.pidFile)
		}
	}()
	err = s.client.Watch(watchCtx, s.spec, interconnect.WatchOptions{Interval: c.interval}, func(o interconnect.Observation) {
		rounds++
		exp.observe(o)
		if rounds == 1 {
			// Serve from the first round on, so that no scrape sees an
			// empty exporter (connections made before wait in the
			// listener's queue); the PID file says the monitor is ready.
			go srv.Serve(ln)
			if c.pidFile != "" {
				if err := os.WriteFile(c.pidFile, []byte(strconv.Itoa(os.Getpid())+"\n"), 0o644); err != nil {
					stop(fmt.Errorf("-pid-file: %w", err))
					return
				}
				pidWritten = true
			}
		}
		lines.print(o)
	})
	if cause := context.Cause(watchCtx); ctx.Err() == nil && cause != nil && !errors.Is(cause, context.Canceled) {
		s.errorf("monitor: %v", cause)
		return exitError
	}
	if ctx.Err() != nil {
		fmt.Fprintf(s.stdout, "Stopped after %s.\n", plural(rounds, "round"))
		return exitOK
	}
	s.reportError("monitor", err)
	return exitError
}

// plural is "1 round", "2 rounds".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// monitorHelp is what help says about monitor beyond its flags.
const monitorHelp = `With -sim the monitor also serves endpoints that change the simulated world
while it watches (POST, on the -listen address):
  /sim/break-path?path=primary    cut a path (primary or secondary): its ARP and BGP go down
  /sim/repair-path?path=primary   mend it
  /sim/traffic?in=4e8&out=1e8     offer traffic, in bit/s into and out of Azure
  /sim/degrade-path?path=primary&errors=0.01&discards=0
                                  make a path lose packets: the shares (0 to 1) lost in error and discarded
and saves the simulated world when it stops.

Stop it with Ctrl-C or SIGTERM (kill PID): it exits 0. With -pid-file FILE
it writes its process ID to FILE once it serves the first round's metrics,
and removes the file when it stops: kill "$(cat FILE)".
`

// statusLines prints what changed from one round to the next: checks whose
// status changed, BGP sessions that went up or down, failed rounds.
type statusLines struct {
	s      *session
	name   string
	bgpUp  map[string]bool
	failed bool
}

func (l *statusLines) print(o interconnect.Observation) {
	at := o.Time.UTC().Format(time.RFC3339)
	out := l.s.stdout
	if o.Round == 1 && o.Report != nil {
		fmt.Fprintf(out, "%s %s: %s\n", at, l.name, o.Report.Summary())
	}
	for _, ch := range o.Changes {
		c := ch.Check
		if ch.New && c.Status == interconnect.Pass {
			continue // the summary above counted it
		}
		was := "new"
		if !ch.New {
			was = ch.Was.String()
		}
		fmt.Fprintf(out, "%s %s: %s %s → %s: %s\n", at, l.name, strings.TrimSpace(c.Name+" "+c.Resource), was, c.Status, c.Detail)
	}
	up := map[string]bool{}
	locations := map[string]bool{}
	for _, b := range o.Readings.BGP {
		locations[b.Location] = true
	}
	for _, b := range o.Readings.BGP {
		key := b.Cloud + " " + b.Path
		if len(locations) > 1 { // maximum resiliency: two circuits
			key += " (" + b.Location + ")"
		}
		up[key] = b.Up()
		if was, seen := l.bgpUp[key]; seen && was != b.Up() {
			fmt.Fprintf(out, "%s %s: BGP %s %s → %s (%.0f%% of the latest minute up)\n", at, l.name, key, upDown(was), upDown(b.Up()), 100*b.Availability)
		}
	}
	for key, was := range l.bgpUp {
		if _, ok := up[key]; !ok {
			up[key] = was // not read this round: keep what was known
		}
	}
	l.bgpUp = up
	if o.Err != nil {
		l.failed = true
		fmt.Fprintf(l.s.stderr, "%s %s: round %d could not read everything (next round in %s): %v\n", at, l.name, o.Round, o.Next, oneLine(o.Err))
	} else if l.failed {
		l.failed = false
		fmt.Fprintf(out, "%s %s: round %d read everything again\n", at, l.name, o.Round)
	}
}

func upDown(b bool) string {
	if b {
		return "up"
	}
	return "down"
}

func oneLine(err error) string {
	return strings.ReplaceAll(err.Error(), "\n", "; ")
}

// simEndpoints lets a user change the simulated world while it is watched:
// break, repair and degrade a path, offer traffic, on the circuit of the
// first location, or of the one named by location= (spec has its defaults).
func (s *session) simEndpoints(mux *http.ServeMux, spec interconnect.Spec) {
	circuitOf := func(w http.ResponseWriter, r *http.Request) (string, bool) {
		ids := spec.CircuitIDs()
		loc := r.FormValue("location")
		if loc == "" {
			return ids[0], true
		}
		for i, l := range spec.Locations() {
			if strings.EqualFold(l, loc) {
				return ids[i], true
			}
		}
		http.Error(w, fmt.Sprintf("give location= one of %s, or none for the first", strings.Join(spec.Locations(), ", ")), http.StatusBadRequest)
		return "", false
	}
	path := func(w http.ResponseWriter, r *http.Request) (azure.DevicePath, bool) {
		p := azure.DevicePath(r.FormValue("path"))
		if p != azure.Primary && p != azure.Secondary {
			http.Error(w, "give path=primary or path=secondary", http.StatusBadRequest)
			return "", false
		}
		return p, true
	}
	answer := func(w http.ResponseWriter, err error, done string) {
		if err != nil {
			http.Error(w, err.Error(), http.StatusConflict)
			return
		}
		fmt.Fprintln(w, done)
	}
	mux.HandleFunc("POST /sim/break-path", func(w http.ResponseWriter, r *http.Request) {
		if p, ok := path(w, r); ok {
			if circuit, ok := circuitOf(w, r); ok {
				answer(w, s.world.BreakPath(circuit, p), "the "+string(p)+" path is cut: its ARP answers and BGP session are gone")
			}
		}
	})
	mux.HandleFunc("POST /sim/repair-path", func(w http.ResponseWriter, r *http.Request) {
		if p, ok := path(w, r); ok {
			if circuit, ok := circuitOf(w, r); ok {
				answer(w, s.world.RepairPath(circuit, p), "the "+string(p)+" path is back")
			}
		}
	})
	mux.HandleFunc("POST /sim/degrade-path", func(w http.ResponseWriter, r *http.Request) {
		p, ok := path(w, r)
		if !ok {
			return
		}
		errs, err1 := strconv.ParseFloat(cmp.Or(r.FormValue("errors"), "0"), 64)
		discards, err2 := strconv.ParseFloat(cmp.Or(r.FormValue("discards"), "0"), 64)
		if err := errors.Join(err1, err2); err != nil || !(errs >= 0 && errs <= 1 && discards >= 0 && discards <= 1) {
			http.Error(w, "give errors= and discards=, the shares (0 to 1) of the path's packets lost, such as errors=0.01&discards=0", http.StatusBadRequest)
			return
		}
		circuit, ok := circuitOf(w, r)
		if !ok {
			return
		}
		answer(w, s.world.DegradePath(circuit, p, errs, discards),
			fmt.Sprintf("the %s path now loses %g of its packets in error and discards %g of them", p, errs, discards))
	})
	mux.HandleFunc("POST /sim/traffic", func(w http.ResponseWriter, r *http.Request) {
		circuit, ok := circuitOf(w, r)
		if !ok {
			return
		}
		in, err1 := strconv.ParseFloat(r.FormValue("in"), 64)
		out, err2 := strconv.ParseFloat(r.FormValue("out"), 64)
		if err := errors.Join(err1, err2); err != nil || in < 0 || out < 0 {
			http.Error(w, "give in= and out=, bits per second into and out of Azure, such as in=4e8&out=1e8", http.StatusBadRequest)
			return
		}
		answer(w, s.world.SetTraffic(circuit, in, out), fmt.Sprintf("offering %g bit/s into Azure and %g bit/s out of it", in, out))
	})
}
