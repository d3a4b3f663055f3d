package backend

import "context"

// DeleteOutcome is what became of one token a delete asked for. Only
// DeleteDeleted and DeleteAlreadyGone are successes.
type DeleteOutcome int

const (
	// DeleteDeleted: the record is gone, verified by reading it back.
	DeleteDeleted DeleteOutcome = iota
	// DeleteAlreadyGone: the token went between this run's reading it and
	// its delete (this run, or another client, removed it a moment ago).
	DeleteAlreadyGone
	// DeleteRevokedOnly: the server revoked the token but kept its record
	// (a Kibana before 9.5 has no delete): it can enroll nothing.
	DeleteRevokedOnly
	// DeleteSkippedHidden: a token of a managed or agentless policy, left
	// alone because hidden tokens were not included.
	DeleteSkippedHidden
	// DeleteFailed: the server refused, or the token is still there.
	DeleteFailed
	// DeleteUnknown: the token could not be read back; its fate is unknown.
	DeleteUnknown
	// DeleteNotFound: the server, in its own words, has no token with this
	// id (in this space) before anything was sent: a failure, as kubectl
	// says of a delete of an unknown name; often a mistyped id or space.
	DeleteNotFound
	// DeleteRemovedUnverified: the record is gone (verified), but the
	// Elasticsearch API key behind it was not checked (no Elasticsearch
	// credentials, or the check failed). Kibana removes the record even
	// when invalidating the key failed, so the key may still be valid.
	DeleteRemovedUnverified
)

func (o DeleteOutcome) String() string {
	switch o {
	case DeleteDeleted:
		return "deleted"
	case DeleteAlreadyGone:
		return "already gone"
	case DeleteRevokedOnly:
		return "revoked, not deleted"
	case DeleteSkippedHidden:
		return "skipped"
	case DeleteFailed:
		return "failed"
	case DeleteNotFound:
		return "not found"
	case DeleteRemovedUnverified:
		return "removed from Fleet; Elasticsearch's API key not verified"
	}
	return "unknown"
}

// DeleteResult is one token's outcome; Reason says why for every outcome
// but DeleteDeleted and DeleteAlreadyGone.
type DeleteResult struct {
	ID      string
	Outcome DeleteOutcome
	Reason  string
}

// OK reports a success: the token's record no longer exists.
func (r DeleteResult) OK() bool {
	return r.Outcome == DeleteDeleted || r.Outcome == DeleteAlreadyGone || r.Outcome == DeleteRemovedUnverified
}

// DeleteReport is the outcome of a delete of several tokens, one result
// per distinct id, in the order asked.
type DeleteReport struct {
	Results []DeleteResult
	// NoDelete: the server cannot delete token records (a Kibana before
	// 9.5): the tokens sent were revoked at most.
	NoDelete bool
}

// Failed counts the results that are not successes.
func (r DeleteReport) Failed() int {
	n := 0
	for _, res := range r.Results {
		if !res.OK() {
			n++
		}
	}
	return n
}

// DeleteOptions tune a delete.
type DeleteOptions struct {
	// IncludeHidden lets the delete act on tokens of managed and agentless
	// policies (Kibana's includeHidden); without it they are skipped.
	IncludeHidden bool
	// Keys, when set (Elasticsearch credentials in the profile), checks
	// each removed token's API key before it is called deleted: Kibana's
	// force delete removes the record even when invalidating its key
	// failed. Without it a removed token is DeleteRemovedUnverified.
	Keys APIKeyInspector
}

// Deleter is offered by a service whose tokens can be deleted, not only
// revoked (Fleet): a delete revokes an active token and removes its record,
// freeing its name. Each token's outcome is verified by reading it back.
type Deleter interface {
	// Delete deletes tokens by id; each is read first (a missing one is
	// "not found", a hidden one skipped unless opts.IncludeHidden).
	Delete(ctx context.Context, ids []string, opts DeleteOptions) DeleteReport
	// DeleteTokens deletes tokens just listed (a purge: PurgeCandidates of
	// the list), without reading them first.
	DeleteTokens(ctx context.Context, tokens []Token, opts DeleteOptions) DeleteReport
}

// PurgeCandidates are the tokens a purge deletes: the revoked and expired
// ones, without those of managed or agentless policies unless
// includeHidden.
func PurgeCandidates(tokens []Token, includeHidden bool) []Token {
	var out []Token
	for _, t := range tokens {
		if (t.Status == Revoked || t.Status == Expired) && (includeHidden || !t.Hidden) {
			out = append(out, t)
		}
	}
	return out
}
