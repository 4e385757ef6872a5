package main

import (
	"bytes"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
)

// TestVersion formats this test binary's own build information: the
// module's version, Go's, and the SDKs' as the Go toolchain recorded them.
// A test binary has no VCS stamp, so its revision is unknown; what is
// unknown prints as (devel), never a made-up number.
func TestVersion(t *testing.T) {
	t.Parallel()
	info, ok := debug.ReadBuildInfo()
	if !ok {
		t.Fatal("the test binary has no build information")
	}
	var b bytes.Buffer
	writeVersion(&b, info)
	got := b.String()
	want := []string{
		"interconnect " + info.Main.Version + "\n",
		"  revision    (devel)\n",
		"  go          " + runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH + "\n",
	}
	deps := map[string]string{}
	for _, d := range info.Deps {
		deps[d.Path] = d.Version
	}
	for _, m := range sdkModules {
		v, ok := deps[m.path]
		if !ok || !strings.HasPrefix(v, "v") {
			t.Errorf("the test binary has no version of %s (%q)", m.path, v)
		}
		want = append(want, "  "+m.name+strings.Repeat(" ", 12-len(m.name))+v+"\n")
	}
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("version lacks %q:\n%s", w, got)
		}
	}
	if n := strings.Count(got, "\n"); n != 3+len(sdkModules) {
		t.Errorf("%d lines, want %d:\n%s", n, 3+len(sdkModules), got)
	}

	// Without build information, everything is unknown.
	b.Reset()
	writeVersion(&b, nil)
	if strings.Count(b.String(), unknownVersion) != 3+len(sdkModules) || !strings.HasPrefix(b.String(), "interconnect (devel)\n") {
		t.Errorf("without build information:\n%s", b.String())
	}
}
