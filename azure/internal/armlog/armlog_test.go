package armlog_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/arm"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"

	"github.com/azoci/interconnect/azure/internal/armlog"
)

// TestPolicy: each try is logged at debug level with its method, path,
// status and ARM's request IDs, and never with a header or the query
// string; nothing is logged above debug level; Options leaves the caller's
// options alone.
func TestPolicy(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("x-ms-request-id", "req-1")
		w.Header().Set("x-ms-correlation-request-id", "corr-1")
		w.WriteHeader(http.StatusNotFound)
	}))
	defer srv.Close()
	for _, level := range []slog.Level{slog.LevelDebug, slog.LevelInfo} {
		var buf bytes.Buffer
		l := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: level}))
		caller := &arm.ClientOptions{}
		opts := armlog.Options(caller, l)
		if len(caller.PerRetryPolicies) != 0 || len(opts.PerRetryPolicies) != 1 {
			t.Fatalf("Options: caller's %d policies, copy's %d", len(caller.PerRetryPolicies), len(opts.PerRetryPolicies))
		}
		pl := runtime.NewPipeline("test", "v0", runtime.PipelineOptions{}, &policy.ClientOptions{PerRetryPolicies: opts.PerRetryPolicies, Retry: policy.RetryOptions{MaxRetries: -1}})
		req, err := runtime.NewRequest(context.Background(), http.MethodGet, srv.URL+"/subscriptions/s/x?api-version=1&secret=q")
		if err != nil {
			t.Fatal(err)
		}
		req.Raw().Header.Set("Authorization", "Bearer token-value")
		if _, err := pl.Do(req); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		if level == slog.LevelInfo {
			if out != "" {
				t.Errorf("logged above debug level: %s", out)
			}
			continue
		}
		for _, want := range []string{`msg="azure request"`, "method=GET", "path=/subscriptions/s/x", "status=404", "request_id=req-1", "correlation_id=corr-1"} {
			if !strings.Contains(out, want) {
				t.Errorf("log lacks %s: %s", want, out)
			}
		}
		if strings.Contains(out, "token-value") || strings.Contains(out, "secret=q") || strings.Contains(out, "api-version") {
			t.Errorf("log shows a header or the query: %s", out)
		}
	}
	if armlog.Options(nil, nil) != nil {
		t.Error("Options(nil, nil) is not nil")
	}
}
