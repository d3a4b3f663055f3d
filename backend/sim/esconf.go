package sim

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"

	"github.com/tokentui/tokentui/backend/safefile"
)

// esConfMarker starts every elasticsearch.yml the demo writes: a file
// without it belongs to someone else (perhaps a real node) and is never
// overwritten.
const esConfMarker = "# Written by tokentui demo serve for its simulated node; rewritten on each start.\n"

// WriteESPathConf makes dir the config directory of the simulated node,
// as local mode (and bin/elasticsearch-create-enrollment-token) reads
// one: elasticsearch.yml with the node's real HTTP port, security,
// enrollment and HTTP TLS on, certs/http_ca.crt, and the file realm
// (users, users_roles). Existing realm files keep their content, owner
// and mode; missing ones are created empty (0660, as the packages ship
// them). The node then authenticates the file realm's users, read from
// the files on every request, so a user added while it runs works.
func (s *Stack) WriteESPathConf(dir string) error {
	u, err := url.Parse(s.ESURL)
	if err != nil {
		return err
	}
	yml := filepath.Join(dir, "elasticsearch.yml")
	if old, _, err := safefile.Read(yml, 1<<20); err == nil && !bytes.HasPrefix(old, []byte(esConfMarker)) {
		return fmt.Errorf("%s was not written by tokentui demo serve; not overwriting it (choose a new or empty directory)", yml)
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	if err := os.MkdirAll(filepath.Join(dir, "certs"), 0o750); err != nil {
		return err
	}
	conf := esConfMarker + "cluster.name: tokentui-demo\n" +
		"network.host: " + u.Hostname() + "\n" +
		"http.port: " + u.Port() + "\n" +
		"xpack.security.enabled: true\n" +
		"xpack.security.enrollment.enabled: true\n" +
		"xpack.security.http.ssl.enabled: true\n"
	if err := replaceNoFollow(yml, []byte(conf), 0o640); err != nil {
		return err
	}
	if err := replaceNoFollow(filepath.Join(dir, "certs", "http_ca.crt"), s.CA.PEM, 0o644); err != nil {
		return err
	}
	for _, f := range []string{"users", "users_roles"} {
		fh, err := os.OpenFile(filepath.Join(dir, f), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o660)
		if errors.Is(err, os.ErrExist) {
			continue
		}
		if err != nil {
			return err
		}
		if err := fh.Chmod(0o660); err != nil { // the umask does not decide
			fh.Close()
			return err
		}
		if err := fh.Close(); err != nil {
			return err
		}
	}
	s.Realm.SetExtraUsers(FileRealm(dir))
	return nil
}

// replaceNoFollow gives path new content by renaming a new file over it:
// a symbolic link planted at path is replaced, never written through (its
// target is left alone).
func replaceNoFollow(path string, data []byte, mode os.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(mode); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
