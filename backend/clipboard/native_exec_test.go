//go:build !windows

package clipboard

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestFindTool(t *testing.T) {
	installed := func(names ...string) func(string) (string, error) {
		return func(n string) (string, error) {
			if slices.Contains(names, n) {
				return "/usr/bin/" + n, nil
			}
			return "", errors.New("not found")
		}
	}
	wayland := func(k string) string { return map[string]string{"WAYLAND_DISPLAY": "wayland-0"}[k] }
	none := func(string) string { return "" }
	cases := []struct {
		goos   string
		getenv func(string) string
		look   func(string) (string, error)
		want   string
	}{
		{"darwin", none, installed("pbcopy", "pbpaste", "xclip"), "pbcopy"},
		{"linux", wayland, installed("wl-copy", "wl-paste", "xclip"), "wl-copy"},
		{"linux", wayland, installed("wl-copy", "xclip"), "xclip"}, // wl-paste missing
		{"linux", none, installed("wl-copy", "wl-paste", "xclip", "xsel"), "xclip"},
		{"linux", none, installed("xsel"), "xsel"},
		{"linux", none, installed("termux-clipboard-set", "termux-clipboard-get"), "termux-clipboard-set"},
		{"linux", none, installed("clip.exe", "powershell.exe"), "clip.exe"},
	}
	for _, c := range cases {
		got, err := findTool(c.goos, c.getenv, c.look)
		if err != nil || got.copy[0] != c.want {
			t.Errorf("%s: %v, %v; want %s", c.goos, got, err, c.want)
		}
	}
	if _, err := findTool("linux", none, installed()); !errors.Is(err, errNoTool) {
		t.Errorf("nothing installed: %v", err)
	}
}

// A clipboard tool is a child process: it must not see the credentials.
func TestNativeToolDoesNotSeeCredentials(t *testing.T) {
	bin := t.TempDir()
	out := filepath.Join(t.TempDir(), "env")
	script := "#!/bin/sh\ncat >/dev/null\nenv > '" + out + "'\n"
	for _, name := range []string{"xclip", "xsel"} {
		if err := os.WriteFile(filepath.Join(bin, name), []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if goos == "darwin" {
		for _, name := range []string{"pbcopy", "pbpaste"} {
			os.WriteFile(filepath.Join(bin, name), []byte(script), 0o755)
		}
	}
	t.Setenv("PATH", bin+":/bin:/usr/bin")
	t.Setenv("WAYLAND_DISPLAY", "")
	t.Setenv("TOKENTUI_TEST_VISIBLE", "visible")
	secrets := map[string]string{"ELASTICSEARCH_PASSWORD": "es-pw-secret", "KIBANA_API_KEY": "kb-key-secret", "EC_API_KEY": "ec-key-secret"}
	for k, v := range secrets {
		t.Setenv(k, v)
	}
	if err := nativeWrite("copied"); err != nil {
		t.Fatal(err)
	}
	seen, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(seen), "TOKENTUI_TEST_VISIBLE=visible") {
		t.Fatalf("the tool did not get the environment:\n%s", seen)
	}
	for k, v := range secrets {
		if strings.Contains(string(seen), v) {
			t.Errorf("the clipboard tool sees %s", k)
		}
	}
}
