package clipboard

import "testing"

func TestEnvFromLocalDesktopPerPlatform(t *testing.T) {
	defer func(old string) { goos = old }(goos)
	none := func(string) string { return "" }
	ssh := func(k string) string {
		if k == "SSH_TTY" {
			return "/dev/pts/1"
		}
		return ""
	}
	for _, tc := range []struct {
		goos   string
		getenv func(string) string
		want   Env
	}{
		{"linux", none, Env{}},
		{"darwin", none, Env{Display: true}},
		{"windows", none, Env{Display: true}},
		{"darwin", ssh, Env{SSH: true, Display: true}},
	} {
		goos = tc.goos
		if got := EnvFrom(tc.getenv); got != tc.want {
			t.Errorf("%s: %+v, want %+v", tc.goos, got, tc.want)
		}
	}
	// Over SSH a Mac still copies through the terminal, not its own clipboard.
	goos = "darwin"
	c := New(Auto, EnvFrom(ssh)).WithNative(func(string) error { t.Fatal("native copy over SSH"); return nil }, nil)
	if r, err := c.Copy(t.Context(), "x"); err != nil || r.Method != MethodOSC52 {
		t.Fatalf("%+v %v", r, err)
	}
}
