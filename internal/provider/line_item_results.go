package provider

import (
	"context"
	"fmt"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
)

// A line item's results, read in one listing: oneroster_result looks a
// student's up before a create (existingResult), and oneroster_result_set
// reads them all to plan, apply and refresh.

// resultIndex is the active results of one line item. Keys are the ids
// as the server compares them (idMatch): a server that folds case may
// answer ids in another case than they were written.
type resultIndex struct {
	idMatch
	byID map[string]*model.Result
	// byStudent holds one result per student: when a student has several,
	// the one with the smallest sourcedId.
	byStudent map[string]*model.Result
	// flatRead is set when the server does not serve the class-scoped
	// route and the results were read from /results with a filter.
	flatRead *oneroster.FlatRead
}

func newResultIndex() *resultIndex {
	return &resultIndex{byID: map[string]*model.Result{}, byStudent: map[string]*model.Result{}}
}

// lineItemResults lists the active results of a line item through the
// class-scoped endpoint (or its flat equivalent, on servers without it),
// in one listing; with student set, only that
// student's, by filter (and checked here too, for servers that ignore the
// filter). lineItemID is the id as configured.
func lineItemResults(ctx context.Context, client *oneroster.Client, lineItemID string, lineItem *model.LineItem, student string) (*resultIndex, error) {
	class := model.RefID(lineItem.Class)
	if class == "" {
		return nil, fmt.Errorf("the line item %q names no class, and its results can only be listed through its class", lineItemID)
	}
	loc, err := lineItemResultsAt(ctx, client, class, lineItemID)
	if err != nil {
		return nil, err
	}
	var opts oneroster.ListOptions
	if student != "" {
		opts.Filter, err = oneroster.BuildFilter([]oneroster.Clause{{Field: resultStudent.dataSource.filter, Operator: "=", Value: student}}, "")
		if err != nil {
			return nil, err
		}
	}
	out := newResultIndex()
	// The line item was read by its configured id: the evidence of how
	// the server compares ids.
	out.idMatch = idMatchOf(lineItemID, lineItem.SourcedID)
	opts.OnFlatRead = func(f oneroster.FlatRead) { out.flatRead = &f }
	for rec, err := range oneroster.Results.List(ctx, client, loc, opts) {
		if oneroster.IsForbidden(err) {
			return nil, forbiddenRead{err, loc.Scope()}
		}
		if err != nil {
			return nil, err
		}
		who := out.key(model.RefID(rec.Student))
		if rec.IsDeleted() || who == "" || !out.same(model.RefID(rec.LineItem), lineItemID) ||
			(student != "" && who != out.key(student)) {
			continue
		}
		r := rec
		out.byID[out.key(rec.SourcedID)] = &r
		if prev := out.byStudent[who]; prev == nil || rec.SourcedID < prev.SourcedID {
			out.byStudent[who] = &r
		}
	}
	return out, nil
}

// lineItemResultsParams select the catalog route of a line item's results.
var lineItemResultsParams = []string{"class", "lineItem"}

// lineItemResultsAt is where a line item's results are listed: under its
// class, the only scope the binding offers for them.
func lineItemResultsAt(ctx context.Context, client *oneroster.Client, class, lineItemID string) (oneroster.Location, error) {
	route := oneroster.Results.RouteFor(lineItemResultsParams)
	return oneroster.Results.Locate(ctx, client, route, map[string]string{"class": class, "lineItem": lineItemID})
}
