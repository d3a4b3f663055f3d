package enroll

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/tokentui/tokentui/backend/elasticsearch"
)

// VerifyElasticsearch proves an Elasticsearch enrollment token's key
// authenticates at its addresses, pinned as the consumers pin it, as
// `tokentui es inspect --verify` does: no side effect, nothing enrolled.
// Each step is reported as it ends; the summary says how many addresses
// took the key. It lives here, beside the consumers, so that the UI
// needs no system client to run it.
func VerifyElasticsearch(ctx context.Context, token string, timeout time.Duration, report func(Step)) (string, error) {
	const decode = "Decode the token"
	report(Step{Title: decode})
	tok, err := elasticsearch.Decode(token)
	if err != nil {
		report(Step{Title: decode, Done: true, Err: err})
		return "", err
	}
	report(Step{Title: decode, Done: true, Detail: fmt.Sprintf("version %s, addresses %s, CA fingerprint %s",
		tok.Version, strings.Join(tok.Addresses, ", "), tok.Fingerprint)})
	ok := 0
	for _, r := range elasticsearch.Verify(ctx, tok, timeout) {
		st := Step{Title: "Authenticate at " + r.Address + " (pinned)", Done: true, Err: r.Err}
		if r.Err == nil {
			ok++
			st.Detail = "the key authenticates (owner " + r.Whoami.Username + ")"
		}
		report(st)
	}
	if ok == 0 {
		return "", errors.New("the token's key authenticates at none of its addresses")
	}
	return fmt.Sprintf("the token works: its key authenticates at %d of %d addresses (nothing was enrolled)", ok, len(tok.Addresses)), nil
}
