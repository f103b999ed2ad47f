package sandbox

import "github.com/edu-iac/terraform-provider-oneroster/internal/model"

// postLineItemResults is POST /lineItems/{lineItemSourcedId}/results,
// OneRoster 1.2's bulk creation of a line item's results (the binding's
// postResultsForLineItem): each result is checked as a PUT of it would
// be, and must score the line item of the path. Like every POST of a set
// (gradebook_post.go) it creates all or none, answers the sourcedIdPairs,
// and allocates ids of its own under the AllocateSourcedIDs quirk.
var postLineItemResults = setPost{
	pattern: "/lineItems/{lineItemSourcedId}/results",
	wt:      writableResultV1p2,
	parents: func(ids []string, d *district) *apiError { _, err := need(d, topicLineItems, ids[0]); return err },
	bind: func(ids []string, _ *district, rec record) *apiError {
		return sameAsPath("result", "lineItem", recordAs[model.Result](rec).LineItem, ids[0])
	},
}.route()
