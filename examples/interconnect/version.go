package main

// This file: interconnect version (and -version): what the binary was built
// from, read from the build information the Go toolchain embeds in it.

import (
	"context"
	"fmt"
	"io"
	"runtime/debug"
	"strconv"
)

// unknownVersion stands for a version the build information does not hold,
// as the Go toolchain itself writes it: never a made-up number.
const unknownVersion = "(devel)"

// sdkModules are the cloud SDK modules whose versions version prints, with
// the short names it prints them under.
var sdkModules = []struct{ name, path string }{
	{"azcore", "github.com/Azure/azure-sdk-for-go/sdk/azcore"},
	{"azidentity", "github.com/Azure/azure-sdk-for-go/sdk/azidentity"},
	{"armnetwork", "github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/network/armnetwork/v9"},
	{"armmonitor", "github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/monitor/armmonitor"},
	{"oci-go-sdk", "github.com/oracle/oci-go-sdk/v65"},
}

// cmdVersion prints the build information of the running binary.
func cmdVersion(ctx context.Context, s *session, c *config) int {
	info, _ := debug.ReadBuildInfo()
	writeVersion(s.stdout, info)
	return exitOK
}

// writeVersion prints info: the module's version, the VCS revision and
// whether the tree had uncommitted changes, the Go version, and the cloud
// SDKs' versions. Whatever info lacks (all of it when info is nil) prints as
// unknownVersion.
func writeVersion(w io.Writer, info *debug.BuildInfo) {
	if info == nil {
		info = &debug.BuildInfo{}
	}
	settings := map[string]string{}
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}
	known := func(v string) string {
		if v == "" {
			return unknownVersion
		}
		return v
	}
	fmt.Fprintf(w, "interconnect %s\n", known(moduleVersion(&info.Main)))
	revision := known(settings["vcs.revision"])
	if t := settings["vcs.time"]; t != "" {
		revision += " (" + t + ")"
	}
	if modified, err := strconv.ParseBool(settings["vcs.modified"]); err == nil {
		if modified {
			revision += ", dirty: built with uncommitted changes"
		} else {
			revision += ", clean"
		}
	}
	platform := ""
	if settings["GOOS"] != "" {
		platform = " " + settings["GOOS"] + "/" + settings["GOARCH"]
	}
	fmt.Fprintf(w, "  %-11s %s\n", "revision", revision)
	fmt.Fprintf(w, "  %-11s %s%s\n", "go", known(info.GoVersion), platform)
	deps := map[string]*debug.Module{}
	for _, d := range info.Deps {
		deps[d.Path] = d
	}
	for _, m := range sdkModules {
		v := unknownVersion
		if d := deps[m.path]; d != nil {
			v = known(moduleVersion(d))
		}
		fmt.Fprintf(w, "  %-11s %s\n", m.name, v)
	}
}

// moduleVersion is m's version, or its replacement's (with where it comes
// from when that is a directory, which has no version).
func moduleVersion(m *debug.Module) string {
	if r := m.Replace; r != nil {
		if r.Version == "" {
			return unknownVersion + " replaced by " + r.Path
		}
		return r.Version + " (replaced by " + r.Path + ")"
	}
	return m.Version
}
