package elasticsearch

import (
	"context"
	"testing"
	"time"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/sim/simtest"
)

func TestAPIKeyStateFollowsTheKey(t *testing.T) {
	s, clock := newStack(t)
	c := newClient(t, s, clock, nil)
	ctx := context.Background()
	created := simtest.MustCreate(t, c, backend.CreateSpec{Scope: "kibana"})
	id := created.Token.ID
	st, err := c.APIKeyState(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if !st.Found || st.Invalidated || st.Expires.IsZero() || !st.Usable(clock.Now()) {
		t.Fatalf("a fresh key: %+v", st)
	}
	if st.Usable(st.Expires.Add(time.Second)) {
		t.Fatal("a key past its expiry is not usable")
	}
	if err := c.Revoke(ctx, id); err != nil {
		t.Fatal(err)
	}
	if st, err = c.APIKeyState(ctx, id); err != nil || !st.Found || !st.Invalidated || st.Usable(clock.Now()) {
		t.Fatalf("after revoke: %+v, %v", st, err)
	}
	if st, err = c.APIKeyState(ctx, "no-such-key"); err != nil || st.Found {
		t.Fatalf("an unknown id: %+v, %v", st, err)
	}
}
