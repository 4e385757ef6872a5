package main

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// This file: TestREADME, which keeps the README's shell blocks true of the
// command-line tool.

// readmeBuild is the README's command that builds the tool; TestREADME
// builds it the same way, into its temporary directory.
const readmeBuild = "go build -o interconnect ./examples/interconnect"

// readmeParseOnly, on the line before a fenced block, says that its
// commands are checked for commands and flags the tool has, but not run:
// they need the real clouds, or a spec that is not in the repository.
var readmeParseOnly = regexp.MustCompile(`^<!--\s*readme-test:\s*parse only\b`)

// readmeBlock is a fenced block of the README.
type readmeBlock struct {
	line      int    // of the opening fence, 1-based
	lang      string // sh, text, …
	parseOnly bool
	lines     []readmeLine
}

// readmeLine is a command line of a block: continuations joined, the
// comment apart.
type readmeLine struct {
	line    int
	command string // without the comment
	comment string
}

// readmeBlocks reads the fenced blocks of a Markdown file, in order; fences
// may be indented (in a list item).
func readmeBlocks(t *testing.T, path string) []readmeBlock {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var blocks []readmeBlock
	var cur *readmeBlock
	var indent, prev string
	var pending *readmeLine
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		raw := sc.Text()
		trimmed := strings.TrimSpace(raw)
		if cur == nil {
			if strings.HasPrefix(trimmed, "```") {
				cur = &readmeBlock{line: n, lang: strings.TrimPrefix(trimmed, "```"), parseOnly: readmeParseOnly.MatchString(prev)}
				indent = raw[:len(raw)-len(strings.TrimLeft(raw, " "))]
			}
			if trimmed != "" {
				prev = trimmed
			}
			continue
		}
		if trimmed == "```" {
			blocks = append(blocks, *cur)
			cur, pending, prev = nil, nil, ""
			continue
		}
		text := strings.TrimPrefix(raw, indent)
		if pending != nil {
			pending.command += " " + strings.TrimSpace(text)
		} else {
			pending = &readmeLine{line: n, command: text}
		}
		if strings.HasSuffix(pending.command, `\`) {
			pending.command = strings.TrimSuffix(pending.command, `\`)
			continue
		}
		pending.command, pending.comment = splitComment(pending.command)
		cur.lines = append(cur.lines, *pending)
		pending = nil
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if cur != nil {
		t.Fatalf("%s: the block opened on line %d is never closed", path, cur.line)
	}
	return blocks
}

// splitComment splits a shell line at its comment: a # outside quotes,
// at the start or after a space.
func splitComment(s string) (command, comment string) {
	var quote rune
	for i, r := range s {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			}
		case r == '\'' || r == '"':
			quote = r
		case r == '#' && (i == 0 || s[i-1] == ' ' || s[i-1] == '\t'):
			return strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+1:])
		}
	}
	return strings.TrimSpace(s), ""
}

// cliArgs returns the tool's arguments in a shell command line, and whether
// it runs the tool (interconnect or ./interconnect) at all: the words up to
// the first pipe, list operator or redirection, quotes removed. A $ prompt
// (in a transcript) is dropped. With synopsis, an optional positional
// placeholder in brackets ([command]) is dropped and the brackets around
// optional flags ([-o text|json]) are taken off.
func cliArgs(command string, synopsis bool) ([]string, bool) {
	words := shellWords(strings.TrimPrefix(strings.TrimSpace(command), "$ "), !synopsis)
	if len(words) == 0 || (words[0] != "interconnect" && words[0] != "./interconnect") {
		return nil, false
	}
	var args []string
	optional := false
	for _, w := range words[1:] {
		if w == "|" || w == ";" || w == "&&" || w == "||" || w == "&" || strings.HasPrefix(w, ">") || strings.HasPrefix(w, "2>") {
			break
		}
		if synopsis {
			if strings.HasPrefix(w, "[") {
				optional = true
				w = strings.TrimPrefix(w, "[")
				if !strings.HasPrefix(w, "-") {
					optional = !strings.HasSuffix(w, "]")
					continue // a positional placeholder, such as [command]
				}
			}
			if strings.HasSuffix(w, "]") && optional {
				optional = false
				w = strings.TrimSuffix(w, "]")
			}
		}
		args = append(args, w)
	}
	return args, true
}

// shellWords splits a command line into words as a POSIX shell does for
// the simple cases the README has: blanks separate, quotes group, and with
// operators ; & | (&& ||) are words of their own (without, a synopsis's
// text|json is one word).
func shellWords(s string, operators bool) []string {
	var words []string
	var w strings.Builder
	var quote rune
	inWord := false
	flush := func() {
		if inWord {
			words = append(words, w.String())
		}
		w.Reset()
		inWord = false
	}
	for _, r := range s {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			} else {
				w.WriteRune(r)
			}
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case r == ' ' || r == '\t':
			flush()
		case operators && (r == ';' || r == '&' || r == '|'):
			flush()
			if n := len(words); n > 0 && (words[n-1] == string(r)) {
				words[n-1] += string(r) // && or ||
			} else {
				words = append(words, string(r))
			}
		default:
			w.WriteRune(r)
			inWord = true
		}
	}
	flush()
	return words
}

// wantExit is the exit code a README line states in its comment ("exits
// 2"), 0 when it states none.
var exitsRE = regexp.MustCompile(`\bexits? (\d+)\b`)

func wantExit(comment string) int {
	if m := exitsRE.FindStringSubmatch(comment); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return 0
}

// TestREADME builds the command-line tool as the README says, then goes
// through the README's fenced blocks in order:
//
//   - every command line that runs the tool, in a shell block or after a $
//     prompt in a text block, must use only commands and flags the tool
//     has: it is run with -h appended, which parses the flags and stops;
//   - every shell block that runs the tool, unless marked parse only, is
//     run on the simulator as one bash script in a temporary directory
//     (with the repository's testdata and the tool at ./interconnect), and
//     each line must exit with the code its comment states ("exits 2"), 0
//     otherwise; a command started in the background with & must have
//     stopped, with exit 0, by the end of its block.
//
// The monitor's address 127.0.0.1:9108 is replaced by a free port, so that
// the test runs alongside others.
func TestREADME(t *testing.T) {
	t.Parallel()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to build the tool as the README says: %v", err)
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "interconnect")
	build := exec.Command(goTool, "build", "-o", bin, "./examples/interconnect")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", readmeBuild, err, out)
	}
	if err := os.Symlink(filepath.Join(root, "testdata"), filepath.Join(dir, "testdata")); err != nil {
		t.Fatal(err)
	}
	port := freePort(t)
	env := append(os.Environ(), "PATH="+dir+string(os.PathListSeparator)+os.Getenv("PATH"), "NO_COLOR=1")
	env = slicesDeleteEnv(env, md5Env)

	blocks := readmeBlocks(t, filepath.Join(root, "README.md"))
	checked, ran := map[string]bool{}, 0
	sawBuild := false
	for _, b := range blocks {
		shell := b.lang == "sh" || b.lang == "bash" || b.lang == "console"
		if !shell && b.lang != "text" {
			continue
		}
		runs := false
		for _, l := range b.lines {
			if shell && l.command == readmeBuild {
				sawBuild = true
				continue
			}
			if !shell && !strings.HasPrefix(l.command, "$ ") {
				continue // a transcript's output
			}
			args, ok := cliArgs(l.command, b.parseOnly)
			if !ok {
				continue
			}
			runs = runs || shell
			if len(args) > 0 {
				checked[args[0]] = true
			}
			// The flags and the command must exist: with -h appended the
			// tool parses them and prints the help, exit 0. help takes
			// no flags: it is run as it is, and fails for an unknown
			// command.
			check := append(args, "-h")
			if len(args) > 0 && args[0] == "help" {
				check = args
			}
			cmd := exec.Command(bin, check...)
			cmd.Dir, cmd.Env = dir, env
			out, err := cmd.CombinedOutput()
			if err != nil || strings.Contains(string(out), "not defined") || strings.Contains(string(out), "unknown command") {
				t.Errorf("README.md:%d: %s\nthe tool does not take it (%v):\n%s", l.line, l.command, err, out)
			}
		}
		if !shell || !runs || b.parseOnly {
			continue
		}
		ran++
		runBlock(t, b, dir, env, port)
	}
	if !sawBuild {
		t.Errorf("README.md shows no %q in a shell block: the test builds the tool with it", readmeBuild)
	}
	if ran < 2 {
		t.Errorf("only %d shell blocks of README.md run the tool; the README reading is broken", ran)
	}
	for _, c := range commands {
		if !checked[c.name] {
			t.Errorf("README.md shows no command line of interconnect %s", c.name)
		}
	}
}

// runBlock runs a README shell block as one bash script in dir, checking
// each line's exit code.
func runBlock(t *testing.T, b readmeBlock, dir string, env []string, port int) {
	t.Helper()
	var script strings.Builder
	fmt.Fprintln(&script, "fail() { echo \"README.md:$1: $2\" >&2; exit 100; }")
	var background []int
	for _, l := range b.lines {
		cmd := strings.ReplaceAll(l.command, "127.0.0.1:9108", "127.0.0.1:"+strconv.Itoa(port))
		switch {
		case cmd == "":
			continue
		case cmd == readmeBuild:
			fmt.Fprintf(&script, "test -x ./interconnect || fail %d 'the tool is not built'\n", l.line)
			continue
		case strings.HasPrefix(cmd, "go "):
			t.Errorf("README.md:%d: %s: a block that runs the tool may run no other go command", l.line, l.command)
			return
		case strings.HasSuffix(cmd, "&") && !strings.HasSuffix(cmd, "&&"):
			fmt.Fprintf(&script, "%s\nbg%d=$!\n", cmd, l.line)
			background = append(background, l.line)
			continue
		}
		want := wantExit(l.comment)
		fmt.Fprintf(&script, "%s\nrc=$?; [ $rc -eq %d ] || fail %d \"exit $rc, want %d\"\n", cmd, want, l.line, want)
	}
	for _, n := range background {
		// A background command must have stopped by the block's end
		// (within 10s), with exit 0.
		fmt.Fprintf(&script, "for i in $(seq 100); do kill -0 $bg%[1]d 2>/dev/null || break; sleep 0.1; done\n"+
			"if kill -0 $bg%[1]d 2>/dev/null; then kill $bg%[1]d; fail %[1]d 'still running at the end of the block'; fi\n"+
			"wait $bg%[1]d; rc=$?; [ $rc -eq 0 ] || fail %[1]d \"the background command exited $rc, want 0\"\n", n)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", "-c", script.String())
	cmd.Dir, cmd.Env = dir, env
	cmd.WaitDelay = 5 * time.Second
	start := time.Now()
	out, err := cmd.CombinedOutput()
	t.Logf("README.md:%d: ran %d lines in %.1fs", b.line, len(b.lines), time.Since(start).Seconds())
	if err != nil {
		t.Errorf("README.md:%d: the block failed (%v):\n--- script:\n%s--- output:\n%s", b.line, err, script.String(), out)
	}
}

// freePort returns a loopback port nothing listens on at the time.
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// slicesDeleteEnv removes the variable name from env.
func slicesDeleteEnv(env []string, name string) []string {
	out := env[:0:0]
	for _, kv := range env {
		if !strings.HasPrefix(kv, name+"=") {
			out = append(out, kv)
		}
	}
	return out
}
