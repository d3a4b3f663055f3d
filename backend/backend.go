// Package backend holds the domain types every system shares (Token, Status,
// System, Secret, errors) and the Service interface that the UI and the CLI
// call. It never imports Bubble Tea and never writes to the terminal.
package backend

import (
	"context"
	"time"
)

// System names one of the three kinds of enrollment token tokentui manages.
type System string

const (
	Elasticsearch System = "elasticsearch"
	ECE           System = "ece"
	Fleet         System = "fleet"
)

// titles are the registered systems' titles: each registry row's
// (backend/system calls SetTitle).
var titles Registry[string]

// SetTitle makes title the system's Title (a system has one: a second is
// a programming error, and panics); remove undoes it (tests).
func SetTitle(s System, title string) (remove func()) { return mustAdd(&titles, s, title) }

// mustAdd adds v as s's value in r, panicking when s has one.
func mustAdd[T any](r *Registry[T], s System, v T) (remove func()) {
	remove, _, ok := r.Add(s, v, nil)
	if !ok {
		panic("backend: " + string(s) + " is registered already")
	}
	return remove
}

// Title is the system's name as a person reads it: its registry row's.
// The three built-in systems read the same without the registry (a
// backend package's own tests do not load it).
func (s System) Title() string {
	if t, ok := titles.Get(s); ok {
		return t
	}
	switch s {
	case Elasticsearch:
		return "Elasticsearch"
	case ECE:
		return "ECE"
	case Fleet:
		return "Fleet"
	}
	return string(s)
}

// Status is what a token can still do.
type Status string

const (
	Active  Status = "active"
	Expired Status = "expired"
	// Revoked covers Elasticsearch "invalidated", Fleet "inactive" and a
	// deleted ECE token.
	Revoked Status = "revoked"
)

// Token is one enrollment token as listed. It never carries the secret: the
// secret travels separately, as a Secret, and only when asked for.
type Token struct {
	System  System
	ID      string // ES: API key id; ECE: token_id; Fleet: record id
	Name    string // display name (Fleet: the user's name without the " (<id>)" suffix)
	Status  Status
	Created time.Time // zero when the system does not say (ECE)
	Expires time.Time // zero = never expires, or unknown
	Revoked time.Time // ES: invalidation time, when the server gives it

	// Profile is the profile the token was listed from, in a view of
	// all profiles (backend/allprofiles); "" in a one-profile view.
	Profile string

	// Elasticsearch
	Scope string // "node" or "kibana"
	Owner string // username@realm that created the key

	// Fleet
	PolicyID   string
	PolicyName string
	StoredName string
	APIKeyID   string // the Elasticsearch API key behind the token (drift, usage)
	Hidden     bool   // token of a managed or agentless policy

	// ECE (its flags next to Fleet's: the three bools share one word, and
	// 100,000 Fleet tokens hold 800 kB less)
	Persistent bool
	// SessionOnly marks an ECE ephemeral token made in this run: the server
	// never lists those, so it comes from memory and cannot be revoked.
	SessionOnly bool
	Roles       []string
}

// StatusAt derives a status from the fields the servers give: revoked wins,
// then expiry against now.
func StatusAt(revoked bool, expires, now time.Time) Status {
	if revoked {
		return Revoked
	}
	if !expires.IsZero() && !expires.After(now) {
		return Expired
	}
	return Active
}

// CreateSpec carries what a create needs; each system reads its own fields.
type CreateSpec struct {
	// Elasticsearch
	Scope string // "node" or "kibana"
	Force bool   // let a red cluster pass the health check, as the official tool's -f

	// ECE
	Roles    []string
	Validity time.Duration // > 0: ephemeral token valid this long; 0: persistent
	NoRoles  bool          // a token without roles, asked for explicitly (Roles empty)

	// Fleet
	Name       string
	PolicyID   string
	Expiration string // Elasticsearch duration such as "30d"; empty = never
}

// Created is the result of a create: the token and, this once, its secret.
type Created struct {
	Token  Token
	Secret Secret
	// OnlyOnce is true where the system will never give the secret again
	// (Elasticsearch, ECE): the UI must not let it go unseen.
	OnlyOnce bool
	// Warning is something the user should know about the result, such
	// as an expiration the server ignored.
	Warning string
}

// Service is what every system offers; the UI and the CLI call only this.
type Service interface {
	System() System
	List(ctx context.Context) ([]Token, error)
	Create(ctx context.Context, spec CreateSpec) (Created, error)
	// Secret gives a token's secret where the system can (Fleet), or where
	// it was created in this run; otherwise a *SecretUnavailableError.
	Secret(ctx context.Context, id string) (Secret, error)
	Revoke(ctx context.Context, id string) error
	// EnrollCommand is the command a person runs on the new host, Kibana
	// or agent; it contains the secret, so it is a Secret too.
	EnrollCommand(ctx context.Context, t Token, secret Secret) (Secret, error)
}
