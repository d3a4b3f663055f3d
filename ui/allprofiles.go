package ui

import (
	"errors"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/ui/table"
)

// AllProfiles is the profile picker's choice that shows every profile at
// once: SwitchProfile gets it as the name, and answers with tabs whose
// services join the profiles (backend/allprofiles).
const AllProfiles = "all profiles"

// profileRouter is a service joining several profiles: each token goes
// to the service of the profile it was listed from (Token.Profile).
type profileRouter interface {
	ForProfile(name string) (backend.Service, bool)
	Profiles() []string
}

// joined reports whether the tab shows several profiles.
func (t *tab) joined() bool {
	_, ok := t.svc.(profileRouter)
	return ok
}

// svcFor is the service a token's action goes to: its own profile's in
// a view of all profiles, else the tab's.
func (t *tab) svcFor(tok backend.Token) backend.Service {
	if r, ok := t.svc.(profileRouter); ok && tok.Profile != "" {
		if svc, ok := r.ForProfile(tok.Profile); ok {
			return svc
		}
	}
	return t.svc
}

// createRefused says why the tab cannot create: a view of all profiles
// has no profile to create in.
func (t *tab) createRefused() string {
	if t.joined() {
		return "all profiles shows tokens but creates in none: pick one profile with p to create"
	}
	return ""
}

// profiledKind names each token with its profile: the first column of
// its row and every dialog and message that describes it, so that an
// action's confirmation says which profile it goes to.
type profiledKind struct {
	Kind
	b kindBase // the kind's base, its flexible column with the profile
}

func withProfiles(k Kind) Kind {
	p := &profiledKind{Kind: k, b: *k.base()}
	if flex := p.b.flex; flex != nil {
		p.b.flex = func(tok backend.Token) string { return profilePrefix(tok) + flex(tok) }
	}
	return p
}

// profilePrefix is a token's profile as its row starts: short, so that
// 80 columns keep the row's other cells.
func profilePrefix(tok backend.Token) string {
	if tok.Profile == "" {
		return ""
	}
	return tok.Profile + "│"
}

func (p *profiledKind) base() *kindBase { return &p.b }

func (p *profiledKind) cells(tok backend.Token, rc rowContext) []table.Cell {
	cs := p.Kind.cells(tok, rc)
	if len(cs) > 0 {
		cs[0].Text = profilePrefix(tok) + cs[0].Text
	}
	return cs
}

func (p *profiledKind) describe(tok backend.Token) string {
	d := p.Kind.describe(tok)
	if tok.Profile != "" {
		d += " in profile " + tok.Profile
	}
	return d
}

// failedProfiles names the profiles whose list failed when the others
// answered (a partial list of all profiles); nil otherwise.
func failedProfiles(err error) []string {
	var p interface{ FailedProfiles() []string }
	if errors.As(err, &p) {
		return p.FailedProfiles()
	}
	return nil
}

// enrollKey: the enroll command depends on the profile's servers too.
func (p *profiledKind) enrollKey(tok backend.Token) string {
	return tok.Profile + "\x00" + p.Kind.enrollKey(tok)
}

// detail starts with the profile the token lives in.
func (p *profiledKind) detail(tok backend.Token) []detailRow {
	return append([]detailRow{{label: "Profile", value: tok.Profile}}, p.Kind.detail(tok)...)
}
