package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/tokentui/tokentui/backend/childenv"
	"github.com/tokentui/tokentui/backend/sanitize"
)

// helperTimeout bounds a *_command credential helper, everything it
// started included.
const helperTimeout = 30 * time.Second

// maxHelperOutput is far more than any credential.
const maxHelperOutput = 64 << 10

// runCommand runs a credential helper once, as git does: through the
// shell, stdout trimmed. Its output is never shown, nor the command (it
// may hold a secret, "echo …"); the config key names it, stderr explains.
func runCommand(command string) (string, error) { return runHelper(command, helperTimeout) }

// runHelper runs command with the credentials tokentui knows removed from
// its environment. It is done when the shell has exited and its output
// is closed: a background process that holds stdout open (a forgotten
// `sleep &`) is killed with the whole process group at the limit.
func runHelper(command string, limit time.Duration) (string, error) {
	outR, outW, err := os.Pipe()
	if err != nil {
		return "", err
	}
	errR, errW, err := os.Pipe()
	if err != nil {
		outR.Close()
		outW.Close()
		return "", err
	}
	cmd := exec.Command("sh", "-c", command)
	cmd.Env = childenv.Environ()
	cmd.Stdin = nil
	cmd.Stdout, cmd.Stderr = outW, errW
	ownGroup(cmd)
	err = cmd.Start()
	// The children hold their own copies of the write ends.
	outW.Close()
	errW.Close()
	if err != nil {
		outR.Close()
		errR.Close()
		return "", fmt.Errorf("the command could not start: %v", err)
	}
	type read struct {
		data []byte
		err  error
	}
	readAll := func(r io.Reader, c chan<- read) {
		data, err := io.ReadAll(io.LimitReader(r, maxHelperOutput+1))
		_, _ = io.Copy(io.Discard, r) // never block the writer
		c <- read{data, err}
	}
	outc, errc, waitc := make(chan read, 1), make(chan read, 1), make(chan error, 1)
	go readAll(outR, outc)
	go readAll(errR, errc)
	go func() { waitc <- cmd.Wait() }()

	timer := time.NewTimer(limit)
	defer timer.Stop()
	var out, stderr read
	var waitErr error
	for pending := 3; pending > 0; pending-- {
		select {
		case out = <-outc:
		case stderr = <-errc:
		case waitErr = <-waitc:
		case <-timer.C:
			killGroup(cmd)
			outR.Close()
			errR.Close()
			return "", fmt.Errorf("the command did not finish within %s (with its output closed)", limit)
		}
	}
	outR.Close()
	errR.Close()
	if waitErr != nil {
		msg := strings.TrimSpace(string(stderr.data))
		// What it printed before failing may be the credential: its
		// message must not repeat it.
		if secret := strings.TrimSpace(string(out.data)); len(secret) >= 4 {
			msg = strings.ReplaceAll(msg, secret, "[redacted]")
		}
		if len(msg) > 200 {
			msg = msg[:200] + "…"
		}
		if msg != "" {
			return "", fmt.Errorf("the command failed (%v): %s", waitErr, sanitize.Text(msg))
		}
		return "", fmt.Errorf("the command failed (%v)", waitErr)
	}
	if out.err != nil {
		return "", fmt.Errorf("reading the command's output: %v", out.err)
	}
	if len(out.data) > maxHelperOutput {
		return "", errors.New("the command printed more than 64 KiB; a credential is far shorter")
	}
	return string(bytes.TrimSpace(out.data)), nil
}
