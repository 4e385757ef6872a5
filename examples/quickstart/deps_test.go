package main

import (
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestBuildsWithoutHTTP: the quickstart (and with it the engine, plan, ipam,
// azure, oci and sim) compiles without net/http, crypto/tls or a cloud SDK,
// so that it builds quickly on a fresh machine. A package that needs one of
// them belongs in an adapter (azure/armclient, oci/ociclient, ...) or an
// HTTP face (sim/armface, sim/ociface); HTTP status codes are in
// internal/httpstatus.
func TestBuildsWithoutHTTP(t *testing.T) {
	goTool := filepath.Join(runtime.GOROOT(), "bin", "go")
	out, err := exec.Command(goTool, "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 20 {
		t.Fatalf("go list -deps listed only %v", deps)
	}
	for _, d := range deps {
		switch {
		case d == "net/http", strings.HasPrefix(d, "net/http/"), d == "crypto/tls", strings.HasPrefix(d, "crypto/tls/"),
			strings.HasPrefix(d, "github.com/Azure/"), strings.HasPrefix(d, "github.com/AzureAD/"), strings.HasPrefix(d, "github.com/oracle/"):
			t.Errorf("the quickstart depends on %s; keep HTTP and the SDKs in the adapters and the faces", d)
		}
	}
}
