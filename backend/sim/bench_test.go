package sim

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// BenchmarkFleetSeed100k starts a Stack with 100,000 extra Fleet tokens
// (every tenth revoked), as `demo serve --fleet-tokens 100000` does.
func BenchmarkFleetSeed100k(b *testing.B) {
	clock := NewFakeClock(time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC))
	for b.Loop() {
		s, err := Start(Options{Seed: 1, Clock: clock, FleetTokens: 100_000})
		if err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
}

// BenchmarkFleetListPage serves one page of 100 tokens out of 100,000 near
// the start and near the end of the list: the figures should match.
func BenchmarkFleetListPage(b *testing.B) {
	s, _ := startWith(b, Options{Seed: 1, FleetTokens: 100_000})
	h := s.Fleet.Handler()
	// The first page of a query builds its hit list once; warm it up.
	warm := httptest.NewRequest("GET", "/api/fleet/enrollment_api_keys?perPage=100", nil)
	warm.SetBasicAuth("elastic", s.Creds.KibanaPass)
	h.ServeHTTP(httptest.NewRecorder(), warm)
	for _, page := range []int{2, 999} {
		b.Run(fmt.Sprintf("page=%d", page), func(b *testing.B) {
			req := httptest.NewRequest("GET", fmt.Sprintf("/api/fleet/enrollment_api_keys?perPage=100&page=%d", page), nil)
			req.SetBasicAuth("elastic", s.Creds.KibanaPass)
			for b.Loop() {
				w := httptest.NewRecorder()
				h.ServeHTTP(w, req)
				if w.Code != http.StatusOK {
					b.Fatal(w.Code, w.Body.String())
				}
			}
		})
	}
}
