// Package secret holds values that must never be printed: the ExpressRoute service
// key and BGP MD5 keys.
//
// A Value prints as "(sensitive)" through every formatting path the library and its
// users are likely to take: fmt (all verbs, including %#v and %x), encoding/json,
// encoding.TextMarshaler (so YAML too) and log/slog. The only way to read the
// plaintext is Reveal, which adapters call at the moment they hand the value to a
// cloud SDK.
package secret

import (
	"fmt"
	"log/slog"
)

// Redacted is what a Value prints as.
const Redacted = "(sensitive)"

// Value is a string that redacts itself when printed, logged or marshalled.
// The zero Value is the empty secret, which prints as "" so that an absent key
// is distinguishable from a present one.
type Value string

// Reveal returns the plaintext. Call it only where the value leaves the process
// for the cloud API that needs it.
func (v Value) Reveal() string { return string(v) }

// IsZero reports whether v is empty.
func (v Value) IsZero() bool { return v == "" }

// String returns "(sensitive)", or "" for the empty secret.
func (v Value) String() string {
	if v == "" {
		return ""
	}
	return Redacted
}

// GoString makes %#v redact too.
func (v Value) GoString() string { return fmt.Sprintf("secret.Value(%q)", v.String()) }

// Format redacts for every verb, so %x, %q and %v cannot leak the plaintext.
func (v Value) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		_, _ = fmt.Fprint(f, v.GoString())
		return
	}
	if verb == 'q' {
		_, _ = fmt.Fprintf(f, "%q", v.String())
		return
	}
	_, _ = fmt.Fprint(f, v.String())
}

// MarshalText redacts. It exists so that encoders which honour
// encoding.TextMarshaler (encoding/json, YAML libraries) never see the plaintext.
func (v Value) MarshalText() ([]byte, error) { return []byte(v.String()), nil }

// UnmarshalText stores the plaintext it is given.
func (v *Value) UnmarshalText(b []byte) error {
	*v = Value(b)
	return nil
}

// LogValue makes log/slog print the redacted form.
func (v Value) LogValue() slog.Value { return slog.StringValue(v.String()) }
