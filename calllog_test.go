package interconnect

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"reflect"
	"strings"
	"testing"
	"testing/synctest"

	"github.com/azoci/interconnect/azure"
	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/sim"
)

// logRecords decodes the JSON lines of a slog.JSONHandler.
func logRecords(t testing.TB, out string) []map[string]any {
	t.Helper()
	var recs []map[string]any
	for line := range strings.Lines(out) {
		var r map[string]any
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		recs = append(recs, r)
	}
	return recs
}

// callArgs makes arguments for a method of type m (receiver bound): the
// context, then zero values, and for a function argument (UpdateRouteTable's
// edit) a function that returns zero values.
func callArgs(m reflect.Type) []reflect.Value {
	args := []reflect.Value{reflect.ValueOf(context.Background())}
	for i := 1; i < m.NumIn(); i++ {
		in := m.In(i)
		if in.Kind() == reflect.Func {
			args = append(args, reflect.MakeFunc(in, func([]reflect.Value) []reflect.Value {
				var out []reflect.Value
				for j := range in.NumOut() {
					out = append(out, reflect.Zero(in.Out(j)))
				}
				return out
			}))
			continue
		}
		args = append(args, reflect.Zero(in))
	}
	return args
}

// TestCallLogEveryMethod calls every method of the four interfaces a Client
// is given, through the Client, with a logger at debug level and with one at
// info level: each call is logged once at debug level (with its operation
// and an outcome), and not at all at info level. The method sets are read
// from the interfaces, so a method added to one is tested here (and, until
// it is logged, is a compile error in calllog_*.go).
func TestCallLogEveryMethod(t *testing.T) {
	accessors := map[string]bool{"SubscriptionID": true, "TenancyID": true} // no call to a cloud
	for _, level := range []slog.Level{slog.LevelDebug, slog.LevelInfo} {
		t.Run(level.String(), func(t *testing.T) {
			var buf lockedBuffer
			w := sim.New(sim.WithLatency(sim.Latency{}))
			c := New(w.Azure(), w.OCI(), WithMetrics(w.AzureMetrics(), w.OCIMetrics()),
				WithLogger(slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: level}))))
			faces := []struct {
				iface reflect.Type
				impl  any
				msg   string
			}{
				{reflect.TypeFor[azure.Network](), c.az, "azure call"},
				{reflect.TypeFor[oci.Network](), c.oc, "oci call"},
				{reflect.TypeFor[azure.Metrics](), c.cfg.azureMetrics, "azure call"},
				{reflect.TypeFor[oci.Metrics](), c.cfg.ociMetrics, "oci call"},
			}
			calls := 0
			for _, f := range faces {
				for i := range f.iface.NumMethod() {
					name := f.iface.Method(i).Name
					if accessors[name] {
						continue
					}
					before := len(buf.String())
					m := reflect.ValueOf(f.impl).MethodByName(name)
					m.Call(callArgs(m.Type()))
					calls++
					recs := logRecords(t, buf.String()[before:])
					if level == slog.LevelInfo {
						if len(recs) > 0 {
							t.Errorf("%s logged at info level: %v", name, recs)
						}
						continue
					}
					if len(recs) != 1 || recs[0]["msg"] != f.msg || recs[0]["op"] != name || recs[0]["outcome"] == "" || recs[0]["level"] != "DEBUG" {
						t.Errorf("%s: logged %v, want one %q record with op %s and an outcome", name, recs, f.msg, name)
					}
				}
			}
			if calls < 50 {
				t.Errorf("called %d methods; the interfaces have more", calls)
			}
		})
	}
}

// TestCallLogOutcome: what a call's log says of its error.
func TestCallLogOutcome(t *testing.T) {
	for _, tc := range []struct {
		err     error
		outcome string
		attrs   string // the failure attributes, as key=value
	}{
		{nil, "ok", ""},
		{&azure.Error{StatusCode: 404, Code: "ResourceNotFound", RequestID: "r"}, "not found", ""},
		{fmt.Errorf("reading: %w", &oci.Error{StatusCode: 404, Code: "NotAuthorizedOrNotFound"}), "not found", ""},
		{&azure.Error{Op: "PutCircuit", Resource: "/c", StatusCode: 409, Code: "AnotherOperationInProgress", RequestID: "r-1", CorrelationID: "c-1"}, "409 AnotherOperationInProgress",
			"err=azure: PutCircuit /c: 409 AnotherOperationInProgress (x-ms-request-id r-1, x-ms-correlation-request-id c-1) request_id=r-1 correlation_id=c-1"},
		{&oci.Error{Op: "GetDRG", Resource: "d", StatusCode: 429, Code: "TooManyRequests", OpcRequestID: "o-1"}, "429 TooManyRequests",
			"err=oci: GetDRG d: 429 TooManyRequests (opc-request-id o-1) opc_request_id=o-1"},
		{&azure.Error{StatusCode: 503}, "503", "err=azure:  : 503"},
		{context.Canceled, "canceled", "err=context canceled"},
		{fmt.Errorf("x: %w", context.DeadlineExceeded), "deadline exceeded", "err=x: context deadline exceeded"},
		{errors.New("connection reset"), "error", "err=connection reset"},
	} {
		var attrs []string
		for _, a := range failure(tc.err) {
			attrs = append(attrs, a.String())
		}
		if got := outcome(tc.err); got != tc.outcome || strings.Join(attrs, " ") != tc.attrs {
			t.Errorf("%v: outcome %q %q, want %q %q", tc.err, got, strings.Join(attrs, " "), tc.outcome, tc.attrs)
		}
	}
}

// TestCallLogApply: a greenfield apply on the simulator with a debug logger
// logs every call the simulator served, once, and every poll with its
// state. It prints the count of debug lines.
func TestCallLogApply(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w, _, s, _ := planned(t)
		var buf lockedBuffer
		c := newSimClient(w, WithLogger(slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))))
		p, err := c.Plan(context.Background(), s)
		if err != nil {
			t.Fatal(err)
		}
		logMark := len(buf.String())
		mark := len(w.Calls())
		if _, err := c.Apply(context.Background(), p); err != nil {
			t.Fatal(err)
		}
		served := w.Calls()[mark:]
		byMsg := map[string]int{}
		ops := map[string]int{}
		debug := 0
		recs := logRecords(t, buf.String()[logMark:])
		for _, r := range recs {
			byMsg[r["msg"].(string)]++
			if r["level"] == "DEBUG" {
				debug++
			}
			if r["msg"] == "azure call" || r["msg"] == "oci call" {
				ops[r["op"].(string)]++
			}
			if r["msg"] == "poll" && (r["state"] == "" || r["step"] == "") {
				t.Errorf("a poll without its state or step: %v", r)
			}
		}
		want := map[string]int{}
		for _, c := range served {
			want[c.Operation]++
		}
		if !reflect.DeepEqual(ops, want) {
			t.Errorf("logged calls %v\nserved calls %v", ops, want)
		}
		if byMsg["poll"] == 0 {
			t.Error("no poll logged")
		}
		t.Logf("greenfield apply on the simulator: %d debug lines (%d calls: %d azure, %d oci; %d polls; %d retries) and %d info lines",
			debug, len(served), byMsg["azure call"], byMsg["oci call"], byMsg["poll"], byMsg["retrying"], len(recs)-debug)
	})
}

// getSubnetOnly answers GetSubnet and nothing else, as cheaply as possible.
type getSubnetOnly struct{ azure.Network }

func (getSubnetOnly) GetSubnet(context.Context, string, string, string) (azure.Subnet, error) {
	return azure.Subnet{Name: "GatewaySubnet"}, nil
}

// BenchmarkCallLog compares a call made directly with one made through the
// call log when debug is off (one Enabled check) and when it is on.
func BenchmarkCallLog(b *testing.B) {
	ctx := context.Background()
	for _, bc := range []struct {
		name string
		n    azure.Network
	}{
		{"direct", getSubnetOnly{}},
		{"logged, debug off", loggedAzure{next: getSubnetOnly{}, log: callLog{l: slog.New(slog.NewTextHandler(io.Discard, nil)), msg: "azure call"}}},
		{"logged, debug on", loggedAzure{next: getSubnetOnly{}, log: callLog{l: slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelDebug})), msg: "azure call"}}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := bc.n.GetSubnet(ctx, "rg-network", "vnet-app", "GatewaySubnet"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
