package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
)

// oneroster_result_set on OneRoster 1.2: new results are created in bulk,
// oneroster.ResultsPostBatch to a POST, and the server may allocate their
// sourcedIds. Updates and deletes stay PUT and DELETE of one result.

// postRounds is how many times a new result is POSTed at most: once,
// and once more only when the line item's results, read after a lost
// answer, prove that the first POST did not create it.
const postRounds = 2

// postNew creates the new results of creates by POST, batches of
// oneroster.ResultsPostBatch, at most max_concurrency batches at once.
// A created job is marked posted, under the sourcedId the server
// allocated (its stored form is read back with the other writes').
//
// A POST is never repeated blind: after an answer that is lost (a
// timeout, a 5xx, a cut connection), the line item's results are read.
// A result of the student that holds what was sent is this apply's; a
// student with none is posted again (once); a student with another
// result fails, and the set does not track that result, which is not
// known to be its own.
//
// When the server does not offer the POST (404, 405, 501), or the
// credentials may not use it (403), the jobs are left to run's PUTs
// under their derived sourcedIds, and a warning says so.
func (r *resultSetResource) postNew(ctx context.Context, client *oneroster.Client, lineItemID string, lineItem *model.LineItem,
	creates []*resultJob, diags *diag.Diagnostics) {
	pending := creates
	for round := 1; len(pending) > 0; round++ {
		lost, accepted, notOffered := postRound(ctx, client, lineItemID, pending)
		if notOffered != nil {
			r.fallBackToPut(ctx, client, lineItemID, lineItem, pending, lost, accepted, notOffered, diags)
			return
		}
		pending = r.settleLost(ctx, client, lineItemID, lineItem, lost, func(j *resultJob) bool { return round < postRounds && !accepted[j] })
	}
}

// postRound POSTs the pending jobs, batches of oneroster.ResultsPostBatch
// at most max_concurrency at once, and sorts out the answers: a job the
// answer pairs is posted (postBatch); lost are the jobs whose answer was
// lost or that an accepted POST did not pair (those are in accepted, and
// never sent again); notOffered is the refusal of a server that does not
// offer the POST, or of credentials that may not use it, whose jobs are
// left to PUTs. Any other error fails the batch's jobs.
func postRound(ctx context.Context, client *oneroster.Client, lineItemID string, pending []*resultJob) (
	lost []*resultJob, accepted map[*resultJob]bool, notOffered error) {
	batches := chunk(pending, oneroster.ResultsPostBatch)
	errs := postBatches(ctx, client, lineItemID, batches)
	accepted = map[*resultJob]bool{}
	for i, batch := range batches {
		switch err := errs[i]; {
		case err == nil:
			for _, j := range batch {
				if !j.posted {
					j.err = fmt.Errorf("the server accepted the POST, but its answer does not pair the result %q with a sourcedId", j.id)
					lost, accepted[j] = append(lost, j), true
				}
			}
		case oneroster.PostNotOffered(err) || oneroster.IsForbidden(err):
			notOffered = err
			for _, j := range batch {
				j.create = false
			}
		case oneroster.WriteMayHaveBeenApplied(err):
			for _, j := range batch {
				j.err = err
			}
			lost = append(lost, batch...)
		default:
			for _, j := range batch {
				j.err = err
			}
		}
	}
	return lost, accepted, notOffered
}

// postBatches POSTs the batches, at most max_concurrency at once, and
// returns each one's error; a panic in one is its error.
func postBatches(ctx context.Context, client *oneroster.Client, lineItemID string, batches [][]*resultJob) []error {
	errs := make([]error, len(batches))
	client.ForEach(ctx, len(batches), func(ctx context.Context, i int) {
		defer func() {
			if p := recover(); p != nil {
				errs[i] = fmt.Errorf("the provider hit an internal error (%v), a bug to report; the server may or may not have created them", p)
			}
		}()
		errs[i] = postBatch(ctx, client, lineItemID, batches[i])
	})
	return errs
}

// fallBackToPut leaves to run's PUTs every pending job not created, once
// the server refused the POST with notOffered: those of batches refused
// outright, and those of lost answers that the read shows were not
// created. The other lost ones are settled. A warning says how many
// results go by PUT.
func (r *resultSetResource) fallBackToPut(ctx context.Context, client *oneroster.Client, lineItemID string, lineItem *model.LineItem,
	pending, lost []*resultJob, accepted map[*resultJob]bool, notOffered error, diags *diag.Diagnostics) {
	isLost := make(map[*resultJob]bool, len(lost))
	for _, j := range lost {
		isLost[j] = true
	}
	for _, j := range pending {
		if !j.posted && !isLost[j] {
			j.create, j.err = false, nil
		}
	}
	for _, j := range r.settleLost(ctx, client, lineItemID, lineItem, lost, func(j *resultJob) bool { return !accepted[j] }) {
		j.create = false
	}
	// Only those left to PUTs: a batch of the same round may have been
	// POSTed before the server refused another.
	byPut := 0
	for _, j := range pending {
		if !j.create && !j.posted {
			byPut++
		}
	}
	warnPostNotOffered(diags, client, lineItemID, byPut, notOffered)
}

// postBatch POSTs the results of one batch and marks those the answer
// pairs with an allocated sourcedId as posted.
func postBatch(ctx context.Context, client *oneroster.Client, lineItemID string, batch []*resultJob) error {
	recs := make([]model.Result, len(batch))
	// The 1.2 binding requires dateLastModified on each result of the set;
	// the server keeps its own.
	now := time.Now().UTC().Format(time.RFC3339)
	for i, j := range batch {
		rec := j.entry.record(types.StringValue(lineItemID), types.StringValue(j.student))
		rec.SourcedID, rec.Status, rec.DateLastModified = j.id, model.StatusActive, now
		recs[i] = *rec
	}
	pairs, err := oneroster.PostResults(ctx, client, lineItemID, recs)
	if err != nil {
		return err
	}
	allocated := make(map[string]string, len(pairs))
	for _, p := range pairs {
		allocated[strings.ToLower(p.Supplied)] = p.Allocated
	}
	for _, j := range batch {
		if id, ok := allocated[strings.ToLower(j.id)]; ok {
			j.id, j.posted = id, true
		}
	}
	return nil
}

// settleLost reads the line item's results after POSTs whose answer was
// lost (or did not pair a result), and settles each job: posted when the
// student now has a result holding what was sent; returned, to be posted
// again, when the student has none and retry allows it; failed
// otherwise. j.err holds why the job is unsettled on entry.
func (r *resultSetResource) settleLost(ctx context.Context, client *oneroster.Client, lineItemID string, lineItem *model.LineItem,
	lost []*resultJob, retry func(*resultJob) bool) (again []*resultJob) {
	if len(lost) == 0 {
		return nil
	}
	// The apply's deadline may be what lost the answers.
	rctx, cancel := settleContext(ctx)
	defer cancel()
	stored, err := lineItemResults(rctx, client, lineItemID, lineItem, "")
	if err != nil {
		for _, j := range lost {
			j.err = fmt.Errorf("%w; reading the line item's results to learn whether it was created failed too (%w): plan again, which adopts it if it was", j.err, err)
		}
		return nil
	}
	for _, j := range lost {
		rec := stored.byStudent[stored.key(j.student)]
		if rec == nil {
			if retry(j) {
				j.err = nil
				again = append(again, j)
			} else {
				j.err = fmt.Errorf("%w; the server lists no result for the student, so the set does not track one: the next apply "+
					"writes it (or adopts it, if the server lists it by then)", j.err)
			}
			continue
		}
		got := *j.entry
		got.scoreFields.copyFromStored(rec)
		if diffs := configuredDifferences(&j.entry.scoreFields, &got.scoreFields); len(diffs) > 0 {
			j.err = fmt.Errorf("%w; the student now has the result %q (%s), which is not what this apply sent, so the set does not take it "+
				"for its own: plan again to adopt it", j.err, rec.SourcedID, describeResult(rec))
			continue
		}
		j.id, j.posted, j.stored, j.err = rec.SourcedID, true, rec, nil
	}
	return again
}

// warnPostNotOffered says that n new results were (to be) written one PUT
// each because the server refused the bulk POST with err.
func warnPostNotOffered(diags *diag.Diagnostics, client *oneroster.Client, lineItemID string, n int, err error) {
	why := "The server does not offer it"
	if info, ok := client.Catalog().Lookup(oneroster.Results.Name); ok && oneroster.IsForbidden(err) {
		why = fmt.Sprintf("The credentials may not use it: grant them the scope %s to create results in bulk", info.ScopeFor(oneroster.OpPost, nil))
	}
	diags.AddAttributeWarning(path.Root("results"), fmt.Sprintf("%d new results of line item %q were written with one PUT each", n, lineItemID),
		fmt.Sprintf("OneRoster 1.2 creates a line item's results in bulk, %d to a request, with POST %s; the server answered: %v\n\n"+
			"%s. The set fell back to one PUT %s per new result, as on OneRoster 1.1: the results are the same, the apply only slower.",
			oneroster.ResultsPostBatch, strings.ReplaceAll(oneroster.ResultsPostPath, "{lineItem}", lineItemID), err, why,
			oneroster.Results.Path()+"/{sourcedId}"))
}

// chunk splits jobs into slices of at most size.
func chunk(jobs []*resultJob, size int) [][]*resultJob {
	var out [][]*resultJob
	for len(jobs) > size {
		out = append(out, jobs[:size])
		jobs = jobs[size:]
	}
	if len(jobs) > 0 {
		out = append(out, jobs)
	}
	return out
}
