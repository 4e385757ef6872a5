// Package httpstatus holds the HTTP status codes that the packages with no
// HTTP of their own (azure, oci, sim) compare cloud errors with. They are
// plain numbers, equal to net/http's constants of the same name: importing
// net/http for them would pull crypto/tls and the rest of the HTTP stack into
// the build of the engine, the simulator and the quickstart (see the test
// of examples/quickstart's dependencies).
package httpstatus

// Status codes (RFC 9110, RFC 6585), as net/http names them.
const (
	BadRequest          = 400
	Unauthorized        = 401
	NotFound            = 404
	Conflict            = 409
	PreconditionFailed  = 412
	TooManyRequests     = 429
	InternalServerError = 500
	NotImplemented      = 501
	ServiceUnavailable  = 503
)
