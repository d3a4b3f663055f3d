package main

import (
	"bufio"
	"fmt"
	"os/exec"
	"strings"
	"syscall"
	"time"
)

// demoServer is a running `tokentui demo serve`.
type demoServer struct {
	cmd     *exec.Cmd
	env     map[string]string
	seed    time.Duration // start → every KEY=VALUE line printed
	stopped bool
}

func startDemoServer(bin string, fleetTokens int) (*demoServer, error) {
	args := []string{"demo", "serve"}
	if fleetTokens > 0 {
		args = append(args, "--fleet-tokens", fmt.Sprint(fleetTokens))
	}
	return startServe(bin, args, "TOKENTUI_CA_CERT")
}

// startServe runs `tokentui demo serve` with args and reads its
// KEY=VALUE lines until last, the line that ends them.
func startServe(bin string, args []string, last string) (*demoServer, error) {
	cmd := exec.Command(bin, args...)
	cmd.Env = termEnv()
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	d := &demoServer{cmd: cmd, env: map[string]string{}}
	cleanups = append(cleanups, d.stop)
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), "=")
		if ok {
			d.env[k] = v
		}
		if k == last {
			d.seed = time.Since(t0)
			go func() {
				for sc.Scan() {
				}
			}()
			return d, nil
		}
	}
	_ = cmd.Process.Kill()
	_ = cmd.Wait()
	return nil, fmt.Errorf("demo serve printed no %s", last)
}

// environ is the environment that points tokentui at this server.
func (d *demoServer) environ() []string {
	var kv []string
	for k, v := range d.env {
		kv = append(kv, k+"="+v)
	}
	return termEnv(kv...)
}

func (d *demoServer) stop() {
	if d.stopped {
		return
	}
	d.stopped = true
	_ = d.cmd.Process.Signal(syscall.SIGINT)
	done := make(chan struct{})
	go func() { _ = d.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(3 * time.Second):
		_ = d.cmd.Process.Kill()
		<-done
	}
}
