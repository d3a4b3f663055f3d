package backend

import "sync"

// Parallel runs f(0) … f(n-1), at most limit at once (at least one), and
// returns once all have returned. Each f writes its own result slot.
func Parallel(n, limit int, f func(i int)) {
	sem := make(chan struct{}, max(1, limit))
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			f(i)
		}()
	}
	wg.Wait()
}
