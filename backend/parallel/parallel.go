// Package parallel runs a bounded number of calls at once: the lists of
// several profiles, the addresses of a token, the tokens of a batch.
package parallel

import "sync"

// Each calls f(0), …, f(n-1), at most limit (at least 1) at a time, and
// returns when every call has returned. f writes its result by index.
func Each(n, limit int, f func(i int)) {
	sem := make(chan struct{}, max(limit, 1))
	var wg sync.WaitGroup
	for i := range n {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			f(i)
		}()
	}
	wg.Wait()
}
