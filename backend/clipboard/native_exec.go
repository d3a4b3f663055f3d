//go:build !windows

package clipboard

import (
	"errors"
	"os"
	"os/exec"
	"strings"

	"github.com/tokentui/tokentui/backend/childenv"
)

// tool is a native clipboard's copy and paste commands.
type tool struct{ copy, paste []string }

var errNoTool = errors.New("no clipboard tool found: install wl-clipboard, xclip or xsel (or use --clipboard osc52)")

// findTool picks the commands in the order atotto/clipboard does (which
// the Windows build still uses): pbcopy on macOS; elsewhere wl-copy under
// Wayland, then xclip, xsel, Termux, and clip.exe under WSL. tokentui
// runs them itself so that they get an environment without credentials.
func findTool(goos string, getenv func(string) string, look func(string) (string, error)) (tool, error) {
	has := func(names ...string) bool {
		for _, n := range names {
			if _, err := look(n); err != nil {
				return false
			}
		}
		return true
	}
	candidates := []tool{
		{[]string{"xclip", "-in", "-selection", "clipboard"}, []string{"xclip", "-out", "-selection", "clipboard"}},
		{[]string{"xsel", "--input", "--clipboard"}, []string{"xsel", "--output", "--clipboard"}},
		{[]string{"termux-clipboard-set"}, []string{"termux-clipboard-get"}},
		{[]string{"clip.exe"}, []string{"powershell.exe", "Get-Clipboard"}},
	}
	switch {
	case goos == "darwin":
		candidates = []tool{{[]string{"pbcopy"}, []string{"pbpaste"}}}
	case getenv("WAYLAND_DISPLAY") != "":
		candidates = append([]tool{{[]string{"wl-copy"}, []string{"wl-paste", "--no-newline"}}}, candidates...)
	}
	for _, t := range candidates {
		if has(t.copy[0], t.paste[0]) {
			return t, nil
		}
	}
	return tool{}, errNoTool
}

func command(args []string) *exec.Cmd {
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Env = childenv.Environ()
	return cmd
}

func nativeWrite(s string) error {
	t, err := findTool(goos, os.Getenv, exec.LookPath)
	if err != nil {
		return err
	}
	cmd := command(t.copy)
	cmd.Stdin = strings.NewReader(s)
	return cmd.Run()
}

func nativeRead() (string, error) {
	t, err := findTool(goos, os.Getenv, exec.LookPath)
	if err != nil {
		return "", err
	}
	out, err := command(t.paste).Output()
	if err != nil {
		return "", err
	}
	s := string(out)
	if t.copy[0] == "clip.exe" {
		s = strings.TrimSuffix(s, "\r\n") // PowerShell adds a line end
	}
	return s, nil
}
