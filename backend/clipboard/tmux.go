package clipboard

import (
	"context"
	"os/exec"
	"strings"

	"github.com/tokentui/tokentui/backend/childenv"
)

// tmuxOption reads a global tmux option of the server the program runs in
// (TMUX names its socket, so a plain `tmux` reaches it).
func tmuxOption(ctx context.Context, name string) (string, error) {
	cmd := exec.CommandContext(ctx, "tmux", "show-options", "-gv", name)
	cmd.Env = childenv.Environ()
	out, err := cmd.Output()
	return strings.TrimSpace(string(out)), err
}
