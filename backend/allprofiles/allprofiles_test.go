package allprofiles

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"

	"github.com/tokentui/tokentui/backend"
)

type fake struct {
	mu      sync.Mutex
	tokens  []backend.Token
	listErr error
	revoked []string
	deleted [][]string
	// inflight and gate, when set, count the lists running and hold
	// each until the gate closes.
	inflight *atomic.Int32
	gate     chan struct{}
}

func (f *fake) System() backend.System { return backend.Fleet }
func (f *fake) List(context.Context) ([]backend.Token, error) {
	if f.gate != nil {
		f.inflight.Add(1)
		<-f.gate
	}
	return slices.Clone(f.tokens), f.listErr
}
func (f *fake) Create(context.Context, backend.CreateSpec) (backend.Created, error) {
	return backend.Created{}, errors.New("the fake creates nothing")
}
func (f *fake) Secret(_ context.Context, id string) (backend.Secret, error) {
	return backend.NewSecret("secret-of-" + id), nil
}
func (f *fake) Revoke(_ context.Context, id string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.revoked = append(f.revoked, id)
	return nil
}
func (f *fake) EnrollCommand(context.Context, backend.Token, backend.Secret) (backend.Secret, error) {
	return backend.Secret{}, nil
}

type deleterFake struct{ *fake }

func (d deleterFake) Delete(_ context.Context, ids []string, _ backend.DeleteOptions) backend.DeleteReport {
	d.deleted = append(d.deleted, ids)
	var r backend.DeleteReport
	for _, id := range ids {
		r.Results = append(r.Results, backend.DeleteResult{ID: id, Outcome: backend.DeleteDeleted})
	}
	return r
}
func (d deleterFake) DeleteTokens(ctx context.Context, tokens []backend.Token, o backend.DeleteOptions) backend.DeleteReport {
	ids := make([]string, len(tokens))
	for i, t := range tokens {
		ids[i] = t.ID
	}
	return d.Delete(ctx, ids, o)
}

func tok(id string) backend.Token {
	return backend.Token{System: backend.Fleet, ID: id, Status: backend.Active}
}

func TestListTagsEachTokenAndActionsGoToItsProfile(t *testing.T) {
	prod := &fake{tokens: []backend.Token{tok("p1"), tok("same")}}
	stag := &fake{tokens: []backend.Token{tok("s1"), tok("same")}}
	svc := New(backend.Fleet, []Member{{"prod", deleterFake{prod}}, {"staging", deleterFake{stag}}})
	tokens, err := svc.List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, t := range tokens {
		got = append(got, t.Profile+"/"+t.ID)
	}
	if !slices.Equal(got, []string{"prod/p1", "prod/same", "staging/s1", "staging/same"}) {
		t.Fatalf("tokens %v", got)
	}
	if err := svc.Revoke(context.Background(), "s1"); err != nil || !slices.Equal(stag.revoked, []string{"s1"}) || prod.revoked != nil {
		t.Fatalf("revoke of s1 went to prod %v / staging %v (%v)", prod.revoked, stag.revoked, err)
	}
	if err := svc.Revoke(context.Background(), "same"); err == nil || !strings.Contains(err.Error(), "prod, staging") || len(prod.revoked)+len(stag.revoked) != 1 {
		t.Fatalf("an id two profiles list is refused, not guessed: %v", err)
	}
	if s, err := svc.Secret(context.Background(), "p1"); err != nil || s.Reveal() != "secret-of-p1" {
		t.Fatalf("secret %v", err)
	}
	if _, err := svc.Create(context.Background(), backend.CreateSpec{}); err == nil || !strings.Contains(err.Error(), "one profile") {
		t.Fatalf("a create needs one profile: %v", err)
	}
	d, ok := svc.(backend.Deleter)
	if !ok {
		t.Fatal("a join of deleters deletes")
	}
	rep := d.Delete(context.Background(), []string{"s1", "p1", "same"}, backend.DeleteOptions{})
	if len(rep.Results) != 3 || rep.Results[0].ID != "s1" || !rep.Results[0].OK() || rep.Results[2].OK() ||
		!slices.Equal(prod.deleted[0], []string{"p1"}) || !slices.Equal(stag.deleted[0], []string{"s1"}) {
		t.Fatalf("delete %+v prod %v staging %v", rep, prod.deleted, stag.deleted)
	}
	purge := d.DeleteTokens(context.Background(), []backend.Token{tokens[3], tokens[1]}, backend.DeleteOptions{})
	if purge.Failed() != 0 || !slices.Equal(stag.deleted[1], []string{"same"}) || !slices.Equal(prod.deleted[1], []string{"same"}) {
		t.Fatalf("a purge sends each listed token to its profile: %+v", purge)
	}
}

func TestAFailingProfileFailsAloneAndJoinsWithoutDelete(t *testing.T) {
	prod := &fake{tokens: []backend.Token{tok("p1")}}
	svc := New(backend.Fleet, []Member{{"prod", prod}, {"down", &fake{listErr: errors.New("connection refused")}}, {"nocreds", Broken(backend.Fleet, errors.New("credential helper failed"))}})
	if _, ok := svc.(backend.Deleter); ok {
		t.Fatal("services that cannot delete join into one that cannot")
	}
	tokens, err := svc.List(context.Background())
	var pe *PartialError
	if len(tokens) != 1 || !errors.As(err, &pe) || !slices.Equal(pe.FailedProfiles(), []string{"down", "nocreds"}) || !strings.Contains(err.Error(), "profile down: connection refused") {
		t.Fatalf("tokens %v err %v", tokens, err)
	}
	all := New(backend.Fleet, []Member{{"down", &fake{listErr: errors.New("x")}}})
	if tokens, err := all.List(context.Background()); tokens != nil || err == nil {
		t.Fatalf("every profile failing is a failed list: %v %v", tokens, err)
	}
	empty := New(backend.Fleet, []Member{{"prod", &fake{}}, {"down", &fake{listErr: errors.New("x")}}})
	if tokens, err := empty.List(context.Background()); tokens == nil || err == nil {
		t.Fatalf("an empty profile beside a failing one is a partial list, not a failed one: %v %v", tokens, err)
	}
}

func TestListIsBounded(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var cur atomic.Int32
		gate := make(chan struct{})
		var members []Member
		for i := range Concurrency + 2 {
			members = append(members, Member{Profile: string(rune('a' + i)), Service: &fake{inflight: &cur, gate: gate}})
		}
		done := make(chan struct{})
		go func() { New(backend.Fleet, members).List(context.Background()); close(done) }()
		synctest.Wait() // every list that could start has, and waits at the gate
		if n := cur.Load(); n != Concurrency {
			t.Fatalf("%d lists at once, bound %d", n, Concurrency)
		}
		close(gate)
		<-done
	})
}
