package backend

import (
	"slices"
	"testing"
)

func TestRegistryKeepsOrderRefusesAndRemoves(t *testing.T) {
	var r Registry[string]
	r.Add(Fleet, "fleet", nil)
	removeES, _, ok := r.Add(Elasticsearch, "es", nil)
	if !ok {
		t.Fatal("a free system was refused")
	}
	if _, held, ok := r.Add(Fleet, "fleet again", nil); ok || held != "fleet" {
		t.Fatalf("a system's second value: ok %v, in the way %q", ok, held)
	}
	if _, held, ok := r.Add(ECE, "es", func(h string) bool { return h == "es" }); ok || held != "es" {
		t.Fatalf("a clash: ok %v, in the way %q", ok, held)
	}
	r.Add(ECE, "ece", nil)
	if got := r.All(); !slices.Equal(got, []string{"fleet", "es", "ece"}) {
		t.Fatalf("All = %q, want the order registered", got)
	}
	removeES()
	if _, ok := r.Get(Elasticsearch); ok {
		t.Fatal("a removed value is still there")
	}
	if v, ok := r.Get(ECE); !ok || v != "ece" || !slices.Equal(r.All(), []string{"fleet", "ece"}) {
		t.Fatalf("after a removal: Get(ECE) = %q, %v; All = %q", v, ok, r.All())
	}
}
