package interconnect

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"testing/synctest"

	"github.com/azoci/interconnect/plan"
	"github.com/azoci/interconnect/sim"
)

// TestSecretsNeverAppear runs a whole job whose BGP MD5 key and ExpressRoute
// service key are known, through every output path — plan text and JSON
// (apply, re-plan and destroy), progress events and their errors, slog at
// debug level, Apply errors under injected faults, the Verify report, the
// Result, the effective spec — and asserts neither secret appears anywhere,
// in plain text or hex.
func TestSecretsNeverAppear(t *testing.T) {
	const md5 = "Md5-Secret-0123456789abcdefXYZ"
	synctest.Test(t, func(t *testing.T) {
		var out bytes.Buffer
		var mu sync.Mutex
		write := func(format string, args ...any) {
			mu.Lock()
			defer mu.Unlock()
			fmt.Fprintf(&out, format+"\n", args...)
		}
		logs := &lockedBuffer{}
		w := seedWorld()
		c := newSimClient(w,
			WithLogger(slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))),
			WithEvents(func(e Event) { write("event %+v err=%v", e, e.Err) }))
		s := simSpec(t, "peering: {md5AuthKey: "+md5+"}\n")
		ctx := context.Background()

		eff, err := s.WithDefaults(nil).Marshal()
		if err != nil {
			t.Fatal(err)
		}
		write("spec %s %+v %#v", eff, s, s)
		render := func(p *plan.Plan) {
			_ = p.WriteText(&out, plan.TextOptions{ShowNoOps: true})
			_ = p.WriteJSON(&out)
			_ = p.WriteMermaid(&out)
			write("plan %+v", *p)
		}

		// Faults on the way, so retries and errors are logged too.
		w.InjectFault(sim.Fault{Cloud: sim.CloudOCI, Operation: "CreateVirtualCircuit", Count: 2, Kind: sim.ServerError})
		w.InjectFault(sim.Fault{Cloud: sim.CloudAzure, Operation: "PutConnection", Count: 10, Kind: sim.Conflict})
		p, err := c.Plan(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		render(p)
		res, err := c.Apply(ctx, p)
		write("result %+v err %v", res, err)
		p, err = c.Plan(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		render(p)
		res, err = c.Apply(ctx, p)
		write("result %+v err %v", res, err)
		rep, err := c.Verify(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		js, _ := json.Marshal(rep)
		write("report %s %+v", js, rep)
		if !rep.OK() {
			t.Fatalf("the job did not finish: %+v", rep.Failed())
		}
		ckt, err := w.Azure().GetCircuit(ctx, "rg-network", "ora-link-er")
		if err != nil {
			t.Fatal(err)
		}
		write("circuit %+v %v", ckt, ckt)
		serviceKey := ckt.ServiceKey.Reveal()
		if serviceKey == "" {
			t.Fatal("the circuit has no service key")
		}
		pd, err := c.PlanDestroy(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		render(pd)
		res, err = c.Apply(ctx, pd)
		write("result %+v err %v", res, err)

		all := out.String() + logs.String()
		for name, secret := range map[string]string{"MD5 key": md5, "service key": serviceKey} {
			for _, form := range []string{secret, hex.EncodeToString([]byte(secret)), strings.ToLower(secret), strings.ToUpper(secret)} {
				if i := strings.Index(all, form); i >= 0 {
					t.Errorf("the %s appears in the output: …%s…", name, all[max(0, i-80):min(len(all), i+len(form)+20)])
				}
			}
		}
		if !strings.Contains(all, "(sensitive)") {
			t.Error("no redaction marker in the output; did the secrets reach it at all?")
		}
		t.Logf("scanned %d bytes of output and %d bytes of debug logs", out.Len(), logs.Len())
	})
}

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

func (l *lockedBuffer) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Len()
}

// TestSavedPlanWithSecretInClearRefused: every sensitive change of a real
// plan is of a field plan knows to be secret (so a new secret field cannot
// be forgotten there), and a saved plan hand-edited to hold the MD5 key in
// clear, marked "sensitive": false and without its "secret", is refused by
// plan.ReadJSON without echoing the key.
func TestSavedPlanWithSecretInClearRefused(t *testing.T) {
	const md5 = "Hand-Edited-Md5-Key"
	synctest.Test(t, func(t *testing.T) {
		c := newSimClient(seedWorld())
		p, err := c.Plan(context.Background(), simSpec(t, "peering: {md5AuthKey: x}\n"))
		if err != nil {
			t.Fatal(err)
		}
		secrets := 0
		for _, s := range p.Steps {
			for _, ch := range s.Changes {
				if ch.Sensitive {
					secrets++
					if !plan.IsSecretField(ch.Field) {
						t.Errorf("step %s: sensitive field %s is not one plan.IsSecretField knows", s.ID, ch.Field)
					}
				}
			}
		}
		if secrets < 3 { // the service key, the MD5 key for OCI and for Azure
			t.Errorf("%d sensitive changes in the plan, want the service key and the MD5 key", secrets)
		}
		var b bytes.Buffer
		if err := p.WriteJSON(&b); err != nil {
			t.Fatal(err)
		}
		edited := strings.Replace(b.String(), `"new": "(sensitive)",
          "sensitive": true,
          "secret": "peering.md5AuthKey"`, `"new": "`+md5+`",
          "sensitive": false`, 1)
		if edited == b.String() {
			t.Fatalf("the hand edit did not apply:\n%s", b.String())
		}
		if _, err := plan.ReadJSON(strings.NewReader(edited)); err == nil || strings.Contains(err.Error(), md5) {
			t.Fatalf("ReadJSON of a plan with the MD5 key in clear: %v", err)
		} else {
			t.Log(err)
		}
	})
}
