package interconnect

import (
	"context"
	"strings"

	"github.com/azoci/interconnect/plan"
)

// Plan reads both clouds and plans what Apply must do to make the interconnect
// the spec describes: a DAG of steps, each with an action, a reason and the
// field changes (secrets redacted). It applies the spec's defaults, checks it
// offline and then against what the clouds hold (address spaces, the VNet's
// gateway and GatewaySubnet, the providers and bandwidths offered), allocates
// the BGP /30s (reusing those already in use, so re-planning is stable), and
// returns a *ValidationError naming every problem at once when the spec cannot
// be applied. It writes nothing.
func (c *Client) Plan(ctx context.Context, s Spec) (*plan.Plan, error) {
	set := explicitIn(s)
	s, o, err := c.observe(ctx, s, readForApply)
	if err != nil {
		return nil, err
	}
	return c.resolve(s, set, o)
}

// observe applies the spec's defaults, validates it offline, checks the
// Azure client's subscription and reads both clouds: the common start of
// Plan, PlanDestroy and Verify. Nothing is read when the spec is invalid.
func (c *Client) observe(ctx context.Context, s Spec, mode readMode) (Spec, *observed, error) {
	s = s.WithDefaults(c.cfg.catalog)
	if err := s.ValidateWith(c.cfg.catalog); err != nil {
		return s, nil, err
	}
	if err := c.checkSubscription(s); err != nil {
		return s, nil, err
	}
	o, err := c.read(ctx, s, mode)
	if err != nil {
		return s, nil, err
	}
	if mode == readForDestroy {
		// Verify and PlanDestroy stop at what the reads found wrong; Plan
		// reports it with its own problems.
		if err := o.problems.Err(); err != nil {
			return s, nil, err
		}
	}
	return s, o, nil
}

// checkSubscription refuses a spec for another subscription than the Azure
// client's, before any call.
func (c *Client) checkSubscription(s Spec) error {
	if sub := c.az.SubscriptionID(); sub != "" && !strings.EqualFold(sub, s.Azure.SubscriptionID) {
		return fieldErr("azure.subscriptionId", s.Azure.SubscriptionID, "the Azure client is for subscription "+sub+"; use a client for the spec's subscription")
	}
	return nil
}

// fieldErr is a *ValidationError with one problem.
func fieldErr(field, value, problem string) error {
	v := &ValidationError{}
	v.Add(field, value, problem)
	return v.Err()
}
