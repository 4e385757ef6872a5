package interconnect

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/azoci/interconnect/oci"
	"github.com/azoci/interconnect/plan"
	"github.com/azoci/interconnect/sim"
)

// TestDeletedAttachmentInvalidatesItsToken: the DRG attachment is deleted
// out of band and is DETACHED, not purged yet. Its retry token is then
// invalidated (409 InvalidatedRetryToken: "an entity created with the same
// token has since been deleted", OCI "API Errors"); Apply derives the next
// token and creates exactly one new attachment.
func TestDeletedAttachmentInvalidatesItsToken(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		w, c, s := applied(t)
		removeOurRules(t, w, c, s)
		atts, err := w.OCI().ListDRGAttachments(ctx, simComp, simVCN, "")
		if err != nil || len(atts) != 1 {
			t.Fatalf("attachments %+v, %v", atts, err)
		}
		if err := w.OCI().DeleteDRGAttachment(ctx, atts[0].ID); err != nil {
			t.Fatal(err)
		}
		time.Sleep(sim.DefaultLatency().DRGAttachment)
		if a, err := w.OCI().GetDRGAttachment(ctx, atts[0].ID); err != nil || a.State != oci.Detached {
			t.Fatalf("the deleted attachment: %+v, %v; want DETACHED", a, err)
		}

		p, err := c.Plan(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		if a := actions(p)[StepDRGAttachment]; a != plan.Create {
			t.Fatalf("Plan: attachment %s, want create", a)
		}
		mark := len(w.Calls())
		if _, err := c.Apply(ctx, p); err != nil {
			t.Fatalf("Apply: %v", err)
		}
		var creates, invalidated int
		for _, call := range w.Calls()[mark:] {
			if call.Operation == "CreateDRGAttachment" {
				creates++
				if oci.IsInvalidatedRetryToken(call.Err) {
					invalidated++
				}
			}
		}
		if creates != 2 || invalidated != 1 {
			t.Errorf("CreateDRGAttachment calls: %d, %d of them InvalidatedRetryToken; want 2 and 1", creates, invalidated)
		}
		if inv := takeInventory(t, w, s); inv != complete {
			t.Fatalf("after Apply: %+v, want one of each", inv)
		}
		if rep, err := c.Verify(ctx, s); err != nil || !rep.OK() {
			t.Fatalf("Verify: %v %+v", err, rep.Failed())
		}
	})
}
