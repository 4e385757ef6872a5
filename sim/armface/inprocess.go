package armface

import (
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/arm"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"

	"github.com/azoci/interconnect/internal/inprocess"
)

// InProcessURL is the base URL of the face InProcessClientOptions points a
// client at. No request to it leaves the process.
const InProcessURL = "https://armface.invalid"

// InProcessClientOptions returns options that point an ARM client at s with
// no socket and no server: its transport hands each request to s.ServeHTTP,
// in the caller's goroutine, and returns the answer. The SDK still sees
// HTTPS (URL InProcessURL, with the Audience azcore needs), so its bearer
// token policy works, and the retry policy is the one ClientOptions sets.
//
// A client on these options runs inside a testing/synctest bubble, where
// a real server cannot (a goroutine waiting on a socket never lets the
// bubble's clock move), so tests can hold the simulator's clock exactly
// while the real SDK talks to it. s may be made with New; nothing needs
// closing. Each call returns a new value the caller may change.
func (s *Server) InProcessClientOptions() *arm.ClientOptions {
	return &arm.ClientOptions{
		ClientOptions: policy.ClientOptions{
			Cloud: cloud.Configuration{
				ActiveDirectoryAuthorityHost: InProcessURL + "/",
				Services: map[cloud.ServiceName]cloud.ServiceConfiguration{
					cloud.ResourceManager: {Endpoint: InProcessURL, Audience: Audience},
				},
			},
			Transport: inprocess.Transport{Handler: s},
			Retry:     policy.RetryOptions{MaxRetries: 3, RetryDelay: time.Millisecond, MaxRetryDelay: 5 * time.Second},
		},
		DisableRPRegistration: true,
	}
}
