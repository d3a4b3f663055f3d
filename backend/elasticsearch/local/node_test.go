package local

import "testing"

func TestLocalNodeURL(t *testing.T) {
	for _, c := range []struct {
		settings map[string]string
		want     string
	}{
		{map[string]string{}, "http://localhost:9200"},
		{map[string]string{"xpack.security.http.ssl.enabled": "true", "network.host": "0.0.0.0"}, "https://localhost:9200"},
		{map[string]string{"http.host": "10.0.0.5", "http.port": "9201-9300"}, "http://10.0.0.5:9201"},
		{map[string]string{"http.publish_host": "es01.example", "network.host": "_site_", "http.publish_port": "443"}, "http://es01.example:443"},
		{map[string]string{"network.host": "::1"}, "http://[::1]:9200"},
	} {
		if got := (&Node{settings: c.settings}).URL(); got != c.want {
			t.Errorf("%v: %s, want %s", c.settings, got, c.want)
		}
	}
}
