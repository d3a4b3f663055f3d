package sim

import "testing"

func TestKibanaVersionsThatHonourTheExpiration(t *testing.T) {
	for v, want := range map[string]bool{
		"": true, "9.6.0": true, "10.0.0": true, "9.5.1": true, "9.5.0": false, "9.4.6": true, "9.4.5": false,
		"9.3.9": false, "9.2.0": false, "8.19.21": true, "8.19.20": false, "8.18.9": false,
	} {
		if got := (&Fleet{Version: v}).honoursExpiration(); got != want {
			t.Errorf("Kibana %q honours the expiration: %v, want %v", v, got, want)
		}
	}
}
