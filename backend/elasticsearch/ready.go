package elasticsearch

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/tokentui/tokentui/backend/transport"
)

// CheckHTTPS refuses a node whose HTTP layer is plain HTTP, before
// anything is created: a token pins the node's HTTP CA and its consumers
// (a new node, Kibana) connect over HTTPS only, so a token made for it
// would fail later, on the enrolling host.
func CheckHTTPS(base string) error {
	u, err := url.Parse(base)
	if err == nil && strings.EqualFold(u.Scheme, "https") {
		return nil
	}
	return fmt.Errorf("HTTPS is off on this node (%s is plain HTTP), so no token was created: an enrollment token pins the node's HTTP CA "+
		"and a node or Kibana enrolling with it connects over HTTPS only, so it would fail later; enable TLS on the HTTP layer "+
		"(xpack.security.http.ssl.enabled: true, as security auto-configuration sets it) and try again", base)
}

// NotReadyError is a cluster that did not become ready in time: the
// official tool stops here with "Failed to determine the health of the
// cluster".
type NotReadyError struct {
	Waited time.Duration
	Err    error // the last failure
}

func (e *NotReadyError) Error() string {
	return fmt.Sprintf("the cluster is not ready after %s (Elasticsearch is probably still starting, or has no elected master yet; "+
		"the official tool says \"Failed to determine the health of the cluster\" here): %v; no token was created, try again when it is up",
		e.Waited.Round(time.Second), e.Err)
}

func (e *NotReadyError) Unwrap() error { return e.Err }

// notReady reports a failure of a starting node: nothing listens yet, the
// connection drops, or the cluster answers 503 (no master, state not yet
// recovered; a proxy's 502 or 504 in front of it).
func notReady(err error) bool {
	var e *transport.Error
	if !errors.As(err, &e) {
		return false
	}
	switch e.Kind {
	case transport.KindConnect:
		return errors.Is(e.Err, syscall.ECONNREFUSED)
	case transport.KindReset:
		return true
	case transport.KindHTTP:
		return e.Status == http.StatusServiceUnavailable || e.Status == http.StatusBadGateway || e.Status == http.StatusGatewayTimeout
	}
	return false
}

// SetNotify sets Config.Notify: who hears progress worth telling the
// user. Set it before a call.
func (c *Client) SetNotify(f func(string)) { c.cfg.Notify = f }

// readyWaitCap bounds one pause between tries.
const readyWaitCap = 8 * time.Second

// readState reads the cluster health and the node's HTTP info (both
// reads, safe to repeat). While the cluster is not ready it says so
// through Config.Notify and tries again with growing pauses, for up to
// Config.WaitReady, after which hErr is a *NotReadyError. The key is
// created only after this returns.
func (c *Client) readState(ctx context.Context) (health healthResponse, nodes nodesResponse, hErr, nErr error) {
	start := time.Now()
	pause := c.cfg.readyPause()
	for {
		var wg sync.WaitGroup
		health, nodes = healthResponse{}, nodesResponse{}
		wg.Add(2)
		go func() {
			defer wg.Done()
			hErr = c.callJSON(ctx, esRequest{Method: "GET", Path: "/_cluster/health"}, &health)
		}()
		go func() {
			defer wg.Done()
			nErr = c.callJSON(ctx, esRequest{Method: "GET", Path: "/_nodes/_local/http"}, &nodes)
		}()
		wg.Wait()
		last := hErr
		if !notReady(last) {
			last = nErr
		}
		if !notReady(last) {
			return health, nodes, hErr, nErr
		}
		waited := time.Since(start)
		if waited+pause > c.cfg.waitReady() || ctx.Err() != nil {
			return health, nodes, &NotReadyError{Waited: waited, Err: last}, nErr
		}
		if c.cfg.Notify != nil {
			c.cfg.Notify(fmt.Sprintf("the cluster is not ready (starting?): %v; trying again in %s", last, pause.Round(100*time.Millisecond)))
		}
		select {
		case <-ctx.Done():
			return health, nodes, &NotReadyError{Waited: time.Since(start), Err: ctx.Err()}, nErr
		case <-time.After(pause):
		}
		pause = min(pause*2, readyWaitCap)
	}
}

func (cfg Config) waitReady() time.Duration {
	if cfg.WaitReady != 0 {
		return max(cfg.WaitReady, 0)
	}
	if cfg.Transport.Timeout > 0 {
		return cfg.Transport.Timeout
	}
	return 30 * time.Second
}

func (cfg Config) readyPause() time.Duration {
	if cfg.ReadyPause > 0 {
		return cfg.ReadyPause
	}
	return time.Second
}
