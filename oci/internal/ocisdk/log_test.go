package ocisdk

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/oracle/oci-go-sdk/v65/common"
)

// TestLogDispatcher: each request is logged at debug level with its method,
// path, status and opc-request-id, never with a header or the query
// string; nothing is logged above debug level.
func TestLogDispatcher(t *testing.T) {
	for _, level := range []slog.Level{slog.LevelDebug, slog.LevelInfo} {
		var buf bytes.Buffer
		d := LogDispatcher{Logger: slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: level})),
			Next: dispatcherFunc(func(r *http.Request) (*http.Response, error) {
				rec := httptest.NewRecorder()
				rec.Header().Set("opc-request-id", "opc-1")
				rec.WriteHeader(http.StatusConflict)
				return rec.Result(), nil
			})}
		r := httptest.NewRequest(http.MethodPost, "https://iaas.example/20160918/drgs?compartmentId=c", nil)
		r.Header.Set("Authorization", `Signature keyId="k",signature="sig-value"`)
		if _, err := d.Do(r); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		if level == slog.LevelInfo {
			if out != "" {
				t.Errorf("logged above debug level: %s", out)
			}
			continue
		}
		for _, want := range []string{`msg="oci request"`, "method=POST", "path=/20160918/drgs", "status=409", "opc_request_id=opc-1"} {
			if !strings.Contains(out, want) {
				t.Errorf("log lacks %s: %s", want, out)
			}
		}
		if strings.Contains(out, "sig-value") || strings.Contains(out, "compartmentId") {
			t.Errorf("log shows a header or the query: %s", out)
		}
	}
}

type svcErr struct{ common.ServiceError }

func (svcErr) GetOpcRequestID() string { return "" }

// TestRequestID: the SDK's ID first, else the answer's header.
func TestRequestID(t *testing.T) {
	raw := &http.Response{Header: http.Header{"Opc-Request-Id": {"from-header"}}}
	if got := RequestID(svcErr{}, raw); got != "from-header" {
		t.Errorf("RequestID = %q, want the header's", got)
	}
	if got := RequestID(svcErr{}, nil); got != "" {
		t.Errorf("RequestID without an answer = %q", got)
	}
	if got := RequestIDNote(raw); got != " (opc-request-id from-header)" {
		t.Errorf("RequestIDNote = %q", got)
	}
	if RequestIDNote(nil) != "" || RequestIDNote(&http.Response{Header: http.Header{}}) != "" {
		t.Error("RequestIDNote without an ID is not empty")
	}
}
