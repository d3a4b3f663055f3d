package audit

import (
	"context"
	"errors"
	"maps"
	"net/http"
	"slices"
	"sync"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/parallel"
	"github.com/tokentui/tokentui/backend/transport"
)

// Source is one profile's systems, as backend interfaces.
type Source struct {
	Profile  string
	Err      error // the profile could not be loaded: nothing of it is audited
	Services []backend.Service
	// SystemErrs are systems configured but whose client could not be
	// built (a bad CA file, say): each is reported unreachable.
	SystemErrs map[backend.System]error
	// Keys and Usage are the profile's Elasticsearch; nil when it has no
	// Elasticsearch credentials.
	Keys  backend.APIKeyBatchInspector
	Usage backend.UsageReader
	// Spaces and InSpace, when set, list Fleet in every Kibana space.
	Spaces  func(ctx context.Context) ([]string, error)
	InSpace func(space string) backend.Service
}

// Gather lists every system of every source, at most concurrency
// profiles at once, and reads the Fleet tokens' API keys and usage. A
// failure is kept in its snapshot, never dropped: the audit reports it.
func Gather(ctx context.Context, sources []Source, concurrency int) []Snapshot {
	results := make([][]Snapshot, len(sources))
	parallel.Each(len(sources), concurrency, func(i int) { results[i] = gatherProfile(ctx, sources[i]) })
	var out []Snapshot
	for _, r := range results {
		out = append(out, r...)
	}
	return out
}

func gatherProfile(ctx context.Context, src Source) []Snapshot {
	if src.Err != nil {
		return []Snapshot{{Profile: src.Profile, Err: src.Err}}
	}
	out := make([]Snapshot, len(src.Services), len(src.Services)+len(src.SystemErrs))
	// Run orders the findings; sorted here, the snapshots are the same
	// from run to run.
	for _, sys := range slices.Sorted(maps.Keys(src.SystemErrs)) {
		if err := src.SystemErrs[sys]; err != nil {
			out = append(out, Snapshot{Profile: src.Profile, System: sys, Err: err})
		}
	}
	parallel.Each(len(src.Services), len(src.Services), func(i int) { out[i] = gatherSystem(ctx, src, src.Services[i]) })
	return out
}

func gatherSystem(ctx context.Context, src Source, svc backend.Service) Snapshot {
	s := Snapshot{Profile: src.Profile, System: svc.System()}
	if svc.System() != backend.Fleet {
		tokens, err := svc.List(ctx)
		s.Err = err
		for _, t := range tokens {
			s.Items = append(s.Items, Item{Token: t})
		}
		return s
	}
	if s.Items, s.Policies, s.SkippedSpcs, s.Err = listSpaces(ctx, src, svc); s.Err != nil {
		return s
	}
	var ids, activeIDs []string
	for _, it := range s.Items {
		if it.APIKeyID != "" {
			ids = append(ids, it.APIKeyID)
			if it.Status == backend.Active {
				activeIDs = append(activeIDs, it.APIKeyID)
			}
		}
	}
	var wg sync.WaitGroup
	if src.Keys != nil {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.Keys, s.KeysErr = src.Keys.APIKeyStates(ctx, ids)
			if s.KeysErr != nil {
				s.Keys = nil
			}
		}()
	}
	if src.Usage != nil {
		s.UsageAsked = true
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.Usage, s.UsageErr = src.Usage.EnrollUsage(ctx, activeIDs)
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		s.Collectors, s.CollectorsErr = countCollectors(ctx, src, svc, s.Items)
	}()
	wg.Wait()
	return s
}

// listSpaces lists the Fleet tokens and policies of the configured
// space, or of every space, tokens de-duplicated by id with the spaces
// each was seen in (fleet.md §8.4). A 403 in one space skips it and says
// so. Policies are nil when one space could not list them (then no policy
// is called deleted).
func listSpaces(ctx context.Context, src Source, svc backend.Service) ([]Item, map[string]backend.Policy, []string, error) {
	spaces := []string{""}
	if src.Spaces != nil && src.InSpace != nil {
		var err error
		if spaces, err = src.Spaces(ctx); err != nil {
			return nil, nil, nil, err
		}
	}
	var items []Item
	var skipped []string
	policies := map[string]backend.Policy{}
	at := map[string]int{}
	for _, sp := range spaces {
		in := svc
		if sp != "" {
			in = src.InSpace(sp)
		}
		tokens, err := in.List(ctx)
		var te *transport.Error
		if errors.As(err, &te) && te.Status == http.StatusForbidden && sp != "" {
			skipped = append(skipped, sp+": no Fleet privileges there")
			continue
		}
		if err != nil {
			return nil, nil, nil, err
		}
		if pl, ok := in.(backend.PolicyLister); ok && policies != nil {
			pols, err := pl.Policies(ctx)
			if err != nil {
				policies = nil
			}
			for _, p := range pols {
				policies[p.ID] = p
			}
		} else {
			policies = nil
		}
		if sp == "" {
			items = make([]Item, len(tokens))
			for i, t := range tokens {
				items[i] = Item{Token: t}
			}
			continue
		}
		for _, t := range tokens {
			if i, ok := at[t.ID]; ok {
				items[i].Spaces = append(items[i].Spaces, sp)
				continue
			}
			at[t.ID] = len(items)
			items = append(items, Item{Token: t, Spaces: []string{sp}})
		}
	}
	return items, policies, skipped, nil
}
