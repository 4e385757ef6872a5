package secret

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

const plain = "c0ffee00-1234-5678-9abc-def012345678"

func TestValueNeverPrintsPlaintext(t *testing.T) {
	v := Value(plain)
	type holder struct {
		Key Value
		Ptr *Value
	}
	h := holder{Key: v, Ptr: &v}
	var outputs []string
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%10s", "%d"} {
		outputs = append(outputs, fmt.Sprintf(verb, v), fmt.Sprintf(verb, h))
	}
	outputs = append(outputs, fmt.Sprint(v), fmt.Sprintln(h), v.String(), v.GoString())
	js, err := json.Marshal(h)
	if err != nil {
		t.Fatal(err)
	}
	outputs = append(outputs, string(js))
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, nil))
	logger.Info("x", "key", v, "holder", h)
	text := slog.New(slog.NewTextHandler(&buf, nil))
	text.Info("x", "key", v)
	outputs = append(outputs, buf.String())
	for _, out := range outputs {
		if strings.Contains(out, plain) || strings.Contains(out, fmt.Sprintf("%x", plain)) {
			t.Errorf("plaintext leaked: %s", out)
		}
	}
	if !strings.Contains(string(js), Redacted) {
		t.Errorf("json = %s, want %q in it", js, Redacted)
	}
}

func TestValueRoundTrip(t *testing.T) {
	var v Value
	if err := json.Unmarshal([]byte(`"abc"`), &v); err != nil {
		t.Fatal(err)
	}
	if v.Reveal() != "abc" || v.IsZero() {
		t.Fatalf("Reveal = %q", v.Reveal())
	}
	if Value("").String() != "" || !Value("").IsZero() {
		t.Fatal("empty secret must print empty")
	}
}
