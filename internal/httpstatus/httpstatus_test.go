package httpstatus

import (
	"net/http"
	"testing"
)

// TestSameAsNetHTTP: each constant is net/http's of the same name.
func TestSameAsNetHTTP(t *testing.T) {
	for _, c := range []struct {
		name      string
		got, want int
	}{
		{"BadRequest", BadRequest, http.StatusBadRequest},
		{"Unauthorized", Unauthorized, http.StatusUnauthorized},
		{"NotFound", NotFound, http.StatusNotFound},
		{"Conflict", Conflict, http.StatusConflict},
		{"PreconditionFailed", PreconditionFailed, http.StatusPreconditionFailed},
		{"TooManyRequests", TooManyRequests, http.StatusTooManyRequests},
		{"InternalServerError", InternalServerError, http.StatusInternalServerError},
		{"NotImplemented", NotImplemented, http.StatusNotImplemented},
		{"ServiceUnavailable", ServiceUnavailable, http.StatusServiceUnavailable},
	} {
		if c.got != c.want {
			t.Errorf("%s = %d, net/http says %d", c.name, c.got, c.want)
		}
	}
}
