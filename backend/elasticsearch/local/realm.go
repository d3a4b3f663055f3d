package local

import (
	"cmp"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/tokentui/tokentui/backend/elasticsearch"
	"github.com/tokentui/tokentui/backend/transport"
)

// LockName is the lock file, next to the realm files, that serializes
// local-mode runs on one config directory.
const LockName = "tokentui.lock"

// User is the temporary superuser of one run.
type User struct {
	Name, Password string
}

// Session is one run's hold on the node's file realm: the lock, and the
// temporary superuser while it exists. End undoes what Begin did, and may
// be called from a signal handler while Begin runs.
type Session struct {
	// HashCost is the bcrypt cost of the temporary user's password hash;
	// 0 is bcrypt's default (10, as Elasticsearch's own tools). Tests
	// lower it: under the race detector one hash at cost 10 takes
	// seconds, and a run does the same at any cost.
	HashCost int

	node   *Node
	notify func(string)

	mu      sync.Mutex
	lock    *realmLock
	user    string
	ended   bool
	endErr  error
	closing chan struct{}
	once    sync.Once
}

// NewSession prepares a session; notify receives what the user should be
// told on the way (waiting for another run, stale users removed).
func (n *Node) NewSession(notify func(string)) *Session {
	return &Session{node: n, notify: notify, closing: make(chan struct{})}
}

var errEnded = errors.New("local mode: stopped")

// Begin takes the realm lock (waiting up to wait while another run holds
// it), removes temporary users left by runs no longer alive, then adds
// this run's superuser: first to users_roles, then to users, as the
// official tool does.
func (s *Session) Begin(ctx context.Context, wait time.Duration) (User, error) {
	if err := supported(); err != nil {
		return User{}, err
	}
	for _, f := range []string{"users", "users_roles"} {
		if _, err := os.Stat(filepath.Join(s.node.Dir, f)); err != nil {
			//lint:ignore ST1005 worded as bin/elasticsearch-create-enrollment-token words it
			return User{}, fmt.Errorf("File realm configuration file [%s] is missing", filepath.Join(s.node.Dir, f))
		}
	}
	lock, err := acquire(ctx, filepath.Join(s.node.Dir, LockName), wait, s.notify, s.closing)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ended {
		if lock != nil {
			_ = lock.release()
		}
		return User{}, errEnded
	}
	if err != nil {
		return User{}, err
	}
	s.lock = lock
	if err := s.removeStale(); err != nil {
		return User{}, err
	}
	u := User{Name: newUserName(), Password: randomString(passwordAlphabet, 14)}
	hash, err := bcrypt.GenerateFromPassword([]byte(u.Password), cmp.Or(s.HashCost, bcrypt.DefaultCost))
	if err != nil {
		return User{}, err
	}
	s.user = u.Name // from here on, End removes it, whatever was written
	if err := appendLine(filepath.Join(s.node.Dir, "users_roles"), "superuser:"+u.Name); err != nil {
		return User{}, err
	}
	if err := appendLine(filepath.Join(s.node.Dir, "users"), u.Name+":"+string(hash)); err != nil {
		return User{}, err
	}
	return u, nil
}

// End removes the temporary user and releases the lock. It runs once,
// whoever calls it first (the normal path or a signal); a call while
// Begin runs waits for it, or stops its wait for the lock.
func (s *Session) End() error {
	s.once.Do(func() { close(s.closing) })
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ended {
		return s.endErr
	}
	s.ended = true
	var errs []error
	if s.user != "" {
		if err := removeUsers(s.node.Dir, map[string]bool{s.user: true}); err != nil {
			errs = append(errs, fmt.Errorf("removing the temporary user %s: %w", s.user, err))
		}
	}
	if s.lock != nil {
		errs = append(errs, s.lock.release())
	}
	s.endErr = errors.Join(errs...)
	return s.endErr
}

// The temporary user's name says whose it is: tokentui_PID_BOOT_START_RAND,
// BOOT being the first 8 hex digits of the kernel's boot id and START the
// process's start time in clock ticks since boot (Linux; "0" elsewhere),
// so that a later run can tell whether its owner is still alive even when
// the PID was reused.
var userName = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^tokentui_([0-9]+)_([0-9a-f]{8}|0)_([0-9]+)_[A-Za-z0-9]{8}$`)
})

func newUserName() string {
	pid := os.Getpid()
	boot, start := bootID(), startTime(pid)
	if boot == "" {
		boot = "0"
	}
	if start == "" {
		start = "0"
	}
	return fmt.Sprintf("tokentui_%d_%s_%s_%s", pid, boot, start, randomString(userAlphabet, 8))
}

// ownerAlive reports whether the run that named a temporary user may
// still be running. In doubt it says yes: removing a live run's user
// would break that run.
func ownerAlive(name string) bool {
	m := userName().FindStringSubmatch(name)
	if m == nil {
		return true
	}
	pid, err := strconv.Atoi(m[1])
	if err != nil || pid <= 0 {
		return true
	}
	if boot := bootID(); m[2] != "0" && boot != "" && m[2] != boot {
		return false // the machine rebooted since
	}
	if !processExists(pid) {
		return false
	}
	if start := startTime(pid); start == "exited" || m[3] != "0" && start != "" && start != m[3] {
		return false // a zombie, or the PID now belongs to another process
	}
	return true
}

// removeStale removes the temporary users of runs that are no longer
// alive (killed with SIGKILL, or a crash). The lock is held, so no live
// run of this directory is between adding and removing its user.
func (s *Session) removeStale() error {
	stale, seen := map[string]bool{}, map[string]bool{}
	for _, name := range realmUsers(s.node.Dir) {
		if !userName().MatchString(name) || seen[name] {
			continue
		}
		seen[name] = true
		if ownerAlive(name) {
			s.notify(fmt.Sprintf("the temporary user %s belongs to a run that may still be alive; left in place", name))
			continue
		}
		stale[name] = true
	}
	if len(stale) == 0 {
		return nil
	}
	if err := removeUsers(s.node.Dir, stale); err != nil {
		return fmt.Errorf("removing temporary users left by earlier runs: %w", err)
	}
	for name := range stale {
		pid := userName().FindStringSubmatch(name)[1]
		s.notify(fmt.Sprintf("removed the temporary user %s left in the file realm by a run (PID %s) that is no longer running", name, pid))
	}
	return nil
}

// realmUsers lists the user names in users and users_roles.
func realmUsers(dir string) []string {
	var names []string
	if data, err := os.ReadFile(filepath.Join(dir, "users")); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if name, _, ok := strings.Cut(strings.TrimSpace(line), ":"); ok {
				names = append(names, name)
			}
		}
	}
	if data, err := os.ReadFile(filepath.Join(dir, "users_roles")); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if _, users, ok := strings.Cut(strings.TrimSpace(line), ":"); ok {
				for _, u := range strings.Split(users, ",") {
					names = append(names, strings.TrimSpace(u))
				}
			}
		}
	}
	return names
}

// removeUsers takes the named users out of both files.
func removeUsers(dir string, names map[string]bool) error {
	return errors.Join(
		rewrite(filepath.Join(dir, "users"), func(line string) (string, bool) {
			name, _, _ := strings.Cut(line, ":")
			return line, !names[strings.TrimSpace(name)]
		}),
		rewrite(filepath.Join(dir, "users_roles"), func(line string) (string, bool) {
			role, users, ok := strings.Cut(line, ":")
			if !ok {
				return line, true
			}
			var keep []string
			for _, x := range strings.Split(users, ",") {
				if !names[strings.TrimSpace(x)] {
					keep = append(keep, x)
				}
			}
			if len(keep) == 0 {
				return "", false
			}
			return role + ":" + strings.Join(keep, ","), true
		}))
}

const userAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
const passwordAlphabet = userAlphabet + "*-_=+"

func randomString(alphabet string, n int) string {
	b := make([]byte, n)
	for i := range b {
		k, _ := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
		b[i] = alphabet[k.Int64()]
	}
	return string(b)
}

// appendLine appends in place, which keeps the file's owner, group and
// mode. A failed or short write (a full disk) is undone: the file is cut
// back to its size before, never left with half a line.
func appendLine(path, line string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if len(data) > 0 && !strings.HasSuffix(string(data), "\n") {
		line = "\n" + line
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return err
	}
	if err := writeAll(f, line+"\n"); err != nil {
		if terr := f.Truncate(fi.Size()); terr != nil {
			err = fmt.Errorf("%w; restoring %s failed too: %v", err, path, terr)
		}
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		_ = f.Truncate(fi.Size())
		f.Close()
		return err
	}
	return f.Close()
}

// writeAll writes s; tests replace it to fail as a full disk does.
var writeAll = func(f *os.File, s string) error {
	_, err := f.WriteString(s)
	return err
}

// rewrite keeps the lines keep accepts (a line without its newline; it
// may change it).
func rewrite(path string, keep func(string) (string, bool)) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var out []string
	changed := false
	for _, line := range strings.SplitAfter(string(data), "\n") {
		if line == "" {
			continue
		}
		text, nl := strings.CutSuffix(line, "\n")
		t, ok := keep(text)
		changed = changed || !ok || t != text
		if ok {
			if nl {
				t += "\n"
			}
			out = append(out, t)
		}
	}
	if !changed {
		return nil
	}
	return replaceFile(path, []byte(strings.Join(out, "")))
}

// replaceFile gives path new content and keeps its owner, group and mode
// (Elasticsearch may read users only through its group): a temporary file
// with the same owner, group and mode is renamed over it, so the node's
// realm reload never sees a half-written file. When this process may not
// give the file its owner (not root), it writes in place, which keeps
// them too. A symbolic link stays a link: its target is written.
func replaceFile(path string, data []byte) error {
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		return err
	}
	fi, err := os.Stat(target)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".tokentui-*")
	if err != nil {
		return writeInPlace(target, data)
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	// Owner first: chown may clear the set-group-ID bit that chmod restores.
	if err := sameOwner(tmp, fi); err != nil {
		return writeInPlace(target, data)
	}
	if err := tmp.Chmod(fi.Mode() & (os.ModePerm | os.ModeSetuid | os.ModeSetgid | os.ModeSticky)); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), target); err != nil {
		return err
	}
	done = true
	return nil
}

// writeInPlace overwrites the file's content, keeping its inode (and so
// its owner, group, mode and any ACL or label).
func writeInPlace(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	if _, err := f.WriteAt(data, 0); err != nil {
		f.Close()
		return err
	}
	if err := f.Truncate(int64(len(data))); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// WaitForUser retries authentication for a few seconds: the node reloads
// its file realm when the files change (the official tool retries
// 401/403 five times, a second apart). callCtx gives each try its context.
func WaitForUser(es *elasticsearch.Client, callCtx func() (context.Context, context.CancelFunc)) error {
	var err error
	for try := 0; try < 6; try++ {
		ctx, cancel := callCtx()
		_, err = es.Authenticate(ctx)
		cancel()
		if err == nil || !(transport.IsStatus(err, 401) || transport.IsStatus(err, 403)) {
			return err
		}
		time.Sleep(time.Second)
	}
	return fmt.Errorf("the temporary file-realm user was not accepted: %w", err)
}
