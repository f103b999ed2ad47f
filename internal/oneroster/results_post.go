package oneroster

import (
	"context"
	"fmt"
	"strings"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
)

// ResultsPostBatch is how many results a caller of PostResults should send
// in one request. 1,000 scores are then 4 requests, which the default
// max_concurrency (4) sends at once: one round trip instead of 250 rounds
// of PUTs. A result takes about 300 bytes of JSON, so a batch is about 75
// KiB, well below the request limits of servers and proxies (commonly 1
// MiB); and a batch that fails (a 422 for one bad score refuses them all)
// costs no more than 250 students' retry.
const ResultsPostBatch = 250

// ResultsPostPath is the path of OneRoster 1.2's bulk create of a line
// item's results (postResultsForLineItem), for messages.
const ResultsPostPath = "/lineItems/{lineItem}/results"

// PostResults creates results on the line item lineItemID in one request,
// OneRoster 1.2's POST /lineItems/{lineItemSourcedId}/results, and
// returns the server's sourcedId for each: the server may allocate its
// own instead of the one each result supplies, so callers must keep the
// allocated ones. A result the answer does not pair is not known to have
// been created.
//
// It fails with ErrUnsupportedOperation (no request sent) on a 1.1 client;
// IsUnsupported tells a 1.2 server that does not offer it, which answers
// 404, 405 or 501. Like any POST it is not retried once it may have
// reached the server (see Client.Post): after a failure that
// WriteMayHaveBeenApplied reports, some or all of the results may exist.
func PostResults(ctx context.Context, c *Client, lineItemID string, results []model.Result) ([]model.SourcedIDPair, error) {
	col, err := Results.on(c)
	if err != nil {
		return nil, err
	}
	if err := col.check(OpPost); err != nil {
		return nil, err
	}
	if len(results) == 0 {
		return nil, nil
	}
	var answer struct {
		Pairs []model.SourcedIDPair `json:"sourcedIdPairs"`
	}
	path := ExpandPath(ResultsPostPath, map[string]string{"lineItem": lineItemID})
	if _, err := c.postIn(ctx, col.Service, path, map[string]any{col.Envelope: results}, &answer); err != nil {
		return nil, err
	}
	for _, p := range answer.Pairs {
		if strings.TrimSpace(p.Allocated) == "" {
			return nil, fmt.Errorf("%w: POST %s paired the result %q with an empty allocatedSourcedId", ErrUnreadableAnswer, path, p.Supplied)
		}
	}
	return answer.Pairs, nil
}

// PostNotOffered reports whether err, from PostResults on a line item
// that exists, says that the server does not offer the bulk POST: a 404
// (the endpoint's, since the line item is there), a 405 or a 501.
func PostNotOffered(err error) bool {
	return IsNotFound(err) || IsNotImplemented(err)
}

// CanPostResults reports whether the OneRoster version c speaks creates
// results in bulk (1.2 does, 1.1 does not). Whether the server offers it
// only a POST tells: see PostNotOffered.
func CanPostResults(c *Client) bool {
	col, err := Results.on(c)
	return err == nil && col.Has(OpPost)
}
