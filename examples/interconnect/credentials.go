package main

// credentialProblem is what is wrong with one cloud's credentials. No field
// holds a key, token or passphrase: what and fix are this package's words
// (with at most a file path or a file or key parsing error in them), and
// what and detail go through redactSecrets before they are printed.
type credentialProblem struct {
	cloud  string // "Azure" or "OCI"
	what   string // what failed, one line
	fix    string // how to fix it, one line
	detail string // the underlying error, printed only with -v; may be "" or span lines
}
