package fleet

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/parallel"
	"github.com/tokentui/tokentui/backend/transport"
)

var _ backend.Deleter = (*Client)(nil)

// bulkBatch is the most ids one _bulk_delete carries: Kibana processes
// them in batches of 1,000.
const bulkBatch = 1000

// Delete deletes tokens as Kibana 9.5 does (revoke if active, then remove
// the record, which frees its name): with POST …/_bulk_delete when the
// server has it, else one DELETE …/{id}?forceDelete=true per token.
//
// Every token is read first (one the server says it does not have is
// "not found", a failure, and is not sent; a hidden one is skipped unless opts.IncludeHidden) and read back
// afterwards: only a token that reads as not found is reported deleted.
// "Not found" is only Kibana's own JSON 404 naming the token
// (transport.NotFoundNaming): an HTML or plain 404 (a proxy, a wrong base
// path) is a failed read, never a deleted or missing token.
// The bulk answer gives only counts, so the read-back is what tells each
// token's fate. A Kibana before 9.5 has no bulk route (404) and its DELETE
// only revokes: the tokens read back revoked, and the report says that the
// server cannot delete (NoDelete).
func (c *Client) Delete(ctx context.Context, ids []string, opts backend.DeleteOptions) backend.DeleteReport {
	ids = distinct(ids)
	results := make([]backend.DeleteResult, len(ids))
	before := c.readEach(ctx, ids)
	keyIDs := make([]string, len(ids))
	var send []int // indexes of the tokens to delete
	for i, id := range ids {
		results[i].ID = id
		r := before[i]
		keyIDs[i] = r.item.APIKeyID
		switch {
		case r.gone:
			results[i].Outcome = backend.DeleteNotFound
			results[i].Reason = "the server has no token with this id" + c.inSpace() + "; run `" + backend.Fleet.ListCommand() + " --all` to see the ids"
		case r.err != nil:
			results[i].Outcome, results[i].Reason = backend.DeleteFailed, "could not read it before deleting: "+r.err.Error()
		case r.item.Hidden && !opts.IncludeHidden:
			results[i].Outcome, results[i].Reason = backend.DeleteSkippedHidden, hiddenReason
		default:
			send = append(send, i)
		}
	}
	return c.deleteAndVerify(ctx, ids, keyIDs, send, results, opts)
}

// DeleteTokens deletes tokens already listed (a purge): they are not read
// first; Token.Hidden stands for Kibana's hidden flag (a token of a managed
// or agentless policy).
func (c *Client) DeleteTokens(ctx context.Context, tokens []backend.Token, opts backend.DeleteOptions) backend.DeleteReport {
	var ids []string
	hidden := map[string]bool{}
	keyOf := map[string]string{}
	for _, t := range tokens {
		ids = append(ids, t.ID)
		hidden[t.ID] = hidden[t.ID] || t.Hidden
		if t.APIKeyID != "" {
			keyOf[t.ID] = t.APIKeyID
		}
	}
	ids = distinct(ids)
	results := make([]backend.DeleteResult, len(ids))
	keyIDs := make([]string, len(ids))
	var send []int
	for i, id := range ids {
		results[i].ID = id
		keyIDs[i] = keyOf[id]
		if hidden[id] && !opts.IncludeHidden {
			results[i].Outcome, results[i].Reason = backend.DeleteSkippedHidden, hiddenReason
			continue
		}
		send = append(send, i)
	}
	return c.deleteAndVerify(ctx, ids, keyIDs, send, results, opts)
}

const hiddenReason = "it belongs to a managed or agentless policy (Kibana hides such tokens); include hidden tokens to delete it"

// deleteAndVerify sends the deletes of ids[send], reads each back and
// checks the API key (keyIDs[i]) of each token found removed.
func (c *Client) deleteAndVerify(ctx context.Context, ids, keyIDs []string, send []int, results []backend.DeleteResult, opts backend.DeleteOptions) backend.DeleteReport {
	report := backend.DeleteReport{Results: results}
	if len(send) == 0 {
		return report
	}
	sendIDs := make([]string, len(send))
	for k, i := range send {
		sendIDs[k] = ids[i]
	}
	// sendErr[k] is what the server said about sendIDs[k], shown when the
	// read-back does not find it deleted.
	sendErr := make([]error, len(send))
	goneAlready := make([]bool, len(send))
	noBulk := false
	for start := 0; start < len(sendIDs) && !noBulk; start += bulkBatch {
		end := min(start+bulkBatch, len(sendIDs))
		err := c.bulkDelete(ctx, sendIDs[start:end], opts)
		switch {
		case isMissingRoute(err):
			if start > 0 { // the route answered before: not a missing route
				fillErr(sendErr[start:end], err)
				continue
			}
			noBulk = true
		case err != nil:
			fillErr(sendErr[start:end], err)
		}
	}
	if noBulk {
		c.forEach(len(sendIDs), func(k int) {
			err := c.deleteOne(ctx, sendIDs[k], opts)
			goneAlready[k] = transport.NotFoundNaming(err, sendIDs[k]) // read a moment ago, gone now
			sendErr[k] = err
		})
	}
	after := c.readEach(ctx, sendIDs)
	for k, i := range send {
		res := &results[i]
		a := after[k]
		switch {
		case goneAlready[k] && a.gone:
			res.Outcome = backend.DeleteAlreadyGone
		case a.gone:
			res.Outcome = backend.DeleteDeleted
		case a.err != nil:
			res.Outcome = backend.DeleteUnknown
			res.Reason = "reading it back failed: " + a.err.Error() + "; run `tokentui fleet list --all` to check"
			if sendErr[k] != nil {
				res.Reason = sendErr[k].Error() + "; " + res.Reason
			}
		case sendErr[k] != nil:
			res.Outcome, res.Reason = backend.DeleteFailed, sendErr[k].Error()
		case noBulk && !a.item.Active:
			res.Outcome = backend.DeleteRevokedOnly
			res.Reason = "this Kibana revoked it but kept its record: deleting tokens needs Kibana 9.5 or later"
			report.NoDelete = true
		case a.item.Active:
			res.Outcome, res.Reason = backend.DeleteFailed, "the server accepted the delete, but the token is still there, active"
		default:
			res.Outcome, res.Reason = backend.DeleteFailed, "the server accepted the delete, but the token is still there (revoked)"
		}
	}
	c.checkKeys(ctx, keyIDs, results, opts.Keys)
	return report
}

// checkKeys settles each token found removed against its Elasticsearch
// API key (contracts: a force delete removes the record even when the
// invalidation failed): deleted only when the key is gone, invalidated or
// expired; a key still valid is a failure naming it; without an inspector,
// a key id or a readable answer, "removed from Fleet; not verified".
func (c *Client) checkKeys(ctx context.Context, keyIDs []string, results []backend.DeleteResult, keys backend.APIKeyInspector) {
	var idx []int
	for i, r := range results {
		if r.Outcome == backend.DeleteDeleted {
			idx = append(idx, i)
		}
	}
	c.forEach(len(idx), func(k int) {
		res, kid := &results[idx[k]], keyIDs[idx[k]]
		switch {
		case keys == nil:
			res.Outcome, res.Reason = backend.DeleteRemovedUnverified, "no Elasticsearch credentials in the profile to check its API key"
			if kid != "" {
				res.Reason += " " + kid
			}
			return
		case kid == "":
			res.Outcome, res.Reason = backend.DeleteRemovedUnverified, "its API key id is unknown"
			return
		}
		st, err := keys.APIKeyState(ctx, kid)
		switch {
		case err != nil:
			res.Outcome, res.Reason = backend.DeleteRemovedUnverified, "reading its API key "+kid+" failed: "+err.Error()
		case st.Usable(c.cfg.Now()):
			res.Outcome = backend.DeleteFailed
			res.Reason = "removed from Fleet, but its Elasticsearch API key " + kid + " is still valid (Kibana's invalidation failed): " +
				`invalidate it with DELETE /_security/api_key {"ids":["` + kid + `"]}`
		}
	})
}

func fillErr(dst []error, err error) {
	for k := range dst {
		dst[k] = err
	}
}

// isMissingRoute reports Kibana's answer to a route it does not have.
func isMissingRoute(err error) bool {
	return transport.IsStatus(err, http.StatusNotFound) || transport.IsStatus(err, http.StatusMethodNotAllowed)
}

// bulkDelete sends one batch; the answer must be the contract's
// {"action":"deleted", count, successCount, errorCount}.
func (c *Client) bulkDelete(ctx context.Context, ids []string, opts backend.DeleteOptions) error {
	body := map[string]any{"tokenIds": ids, "forceDelete": true}
	if opts.IncludeHidden {
		body["includeHidden"] = true
	}
	var resp struct {
		Action       string `json:"action"`
		SuccessCount *int   `json:"successCount"`
		ErrorCount   *int   `json:"errorCount"`
	}
	if err := c.tr.JSON(ctx, transport.Request{Method: "POST", Path: c.path(keysPath + "/_bulk_delete"), Body: body}, &resp); err != nil {
		return err
	}
	if resp.Action != "deleted" || resp.SuccessCount == nil || resp.ErrorCount == nil {
		return errors.New(`the server answered the bulk delete without its {"action":"deleted", successCount, errorCount}`)
	}
	if *resp.ErrorCount > 0 {
		return fmt.Errorf("the server reported %d of the batch failed", *resp.ErrorCount)
	}
	return nil
}

// deleteOne sends DELETE …/{id}?forceDelete=true; the answer must be the
// contract's {"action":"deleted"}.
func (c *Client) deleteOne(ctx context.Context, id string, opts backend.DeleteOptions) error {
	q := url.Values{"forceDelete": {"true"}}
	if opts.IncludeHidden {
		q.Set("includeHidden", "true")
	}
	var resp struct {
		Action string `json:"action"`
	}
	if err := c.tr.JSON(ctx, transport.Request{Method: "DELETE", Path: c.path(keysPath + "/" + url.PathEscape(id)), Query: q}, &resp); err != nil {
		return err
	}
	if resp.Action != "deleted" {
		return errors.New(`the server answered the delete without its {"action":"deleted"}`)
	}
	return nil
}

// readResult is one token read: gone (404), or its record, or an error.
type readResult struct {
	gone bool
	item itemJSON
	err  error
}

// readEach reads every token (GET …/{id}), a few at a time.
func (c *Client) readEach(ctx context.Context, ids []string) []readResult {
	out := make([]readResult, len(ids))
	c.forEach(len(ids), func(i int) {
		var resp struct {
			Item *itemJSON `json:"item"`
		}
		err := c.tr.JSON(ctx, transport.Request{Method: "GET", Path: c.path(keysPath + "/" + url.PathEscape(ids[i]))}, &resp)
		switch {
		case transport.NotFoundNaming(err, ids[i]):
			out[i].gone = true
		case err != nil:
			out[i].err = err
		case resp.Item == nil || resp.Item.ID == "":
			out[i].err = errors.New("the answer has no token record")
		default:
			c.tr.Redactor().Add(resp.Item.APIKey)
			out[i].item = *resp.Item
		}
	})
	return out
}

// forEach runs f(0…n-1) on the client's concurrency (each f fails fast
// once ctx is done, so every index gets its answer).
func (c *Client) forEach(n int, f func(i int)) { parallel.Each(n, c.cfg.Concurrency, f) }

// distinct drops repeated ids, keeping the first of each.
func distinct(ids []string) []string {
	seen := make(map[string]bool, len(ids))
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
