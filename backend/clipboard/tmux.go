package clipboard

import (
	"context"
	"os/exec"
	"strings"

	"github.com/tokentui/tokentui/backend/childenv"
)

// tmuxOption reads a tmux option of the server the program runs in (TMUX
// names its socket, so a plain `tmux` reaches it): allow-passthrough as
// it applies to the program's pane (a pane option, inherited from the
// global one unless the pane sets its own), the others globally.
func tmuxOption(ctx context.Context, pane, name string) (string, error) {
	args := []string{"show-options", "-gv", name}
	if name == "allow-passthrough" {
		args = []string{"show-options", "-Apv", name}
		if pane != "" {
			args = []string{"show-options", "-Apv", "-t", pane, name}
		}
	}
	cmd := exec.CommandContext(ctx, "tmux", args...)
	cmd.Env = childenv.Environ()
	out, err := cmd.Output()
	return strings.TrimSpace(string(out)), err
}
