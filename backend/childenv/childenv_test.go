package childenv

import (
	"slices"
	"testing"
)

func TestFilterDropsCredentials(t *testing.T) {
	Hide("MY_VAULT_TOKEN")
	env := []string{"PATH=/bin", "HOME=/home/a", "ELASTICSEARCH_PASSWORD=pw", "KIBANA_API_KEY=k",
		"EC_API_KEY=e", "EC_PASS=p", "ELASTICSEARCH_API_KEY=a", "KIBANA_PASSWORD=kp", "MY_VAULT_TOKEN=v",
		"ELASTICSEARCH_USERNAME=elastic", "EC_API_KEY_HINT=x"}
	got := Filter(env)
	want := []string{"PATH=/bin", "HOME=/home/a", "ELASTICSEARCH_USERNAME=elastic", "EC_API_KEY_HINT=x"}
	if !slices.Equal(got, want) {
		t.Fatalf("Filter = %q, want %q", got, want)
	}
}
