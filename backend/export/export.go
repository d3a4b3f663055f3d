// Package export writes lists of tokens as CSV or JSON, for `-o csv` and
// the UI's ctrl+s: the fields a token is listed with, never a secret (a
// backend.Token holds none), and files created new, 0600, never through
// a symlink.
package export

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/tokentui/tokentui/backend"
)

// TokenHeader is the CSV header of TokenRecord.
var TokenHeader = []string{"system", "id", "name", "status", "created", "expires", "policy_id", "policy_name", "scope", "owner", "roles", "persistent", "hidden"}

// TokenRecord is a token's CSV record, in TokenHeader's order. Times are
// RFC 3339 in UTC, "" when unknown or never.
func TokenRecord(t backend.Token) []string {
	return []string{string(t.System), t.ID, t.Name, string(t.Status), rfc3339(t.Created), rfc3339(t.Expires),
		t.PolicyID, t.PolicyName, t.Scope, t.Owner, strings.Join(t.Roles, " "), fmt.Sprint(t.Persistent), fmt.Sprint(t.Hidden)}
}

// tokenJSON is a token in an exported JSON file.
type tokenJSON struct {
	System     backend.System `json:"system"`
	ID         string         `json:"id"`
	Name       string         `json:"name"`
	Status     backend.Status `json:"status"`
	Created    string         `json:"created"`
	Expires    string         `json:"expires"`
	PolicyID   string         `json:"policy_id,omitempty"`
	PolicyName string         `json:"policy_name,omitempty"`
	Scope      string         `json:"scope,omitempty"`
	Owner      string         `json:"owner,omitempty"`
	Roles      []string       `json:"roles,omitempty"`
	Persistent bool           `json:"persistent,omitempty"`
	Hidden     bool           `json:"hidden,omitempty"`
}

// TokensCSV writes tokens as CSV with a header line.
func TokensCSV(w io.Writer, tokens []backend.Token) error {
	rows := make([][]string, 0, len(tokens))
	for _, t := range tokens {
		rows = append(rows, TokenRecord(t))
	}
	return CSV(w, TokenHeader, rows)
}

// TokensJSON writes tokens as one JSON array.
func TokensJSON(w io.Writer, tokens []backend.Token) error {
	out := make([]tokenJSON, 0, len(tokens))
	for _, t := range tokens {
		out = append(out, tokenJSON{System: t.System, ID: t.ID, Name: t.Name, Status: t.Status, Created: rfc3339(t.Created),
			Expires: rfc3339(t.Expires), PolicyID: t.PolicyID, PolicyName: t.PolicyName, Scope: t.Scope, Owner: t.Owner,
			Roles: t.Roles, Persistent: t.Persistent, Hidden: t.Hidden})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// CSV writes a header and rows (RFC 4180). A cell a spreadsheet would
// run as a formula (=, +, -, @, a tab or a carriage return first: a
// server's names are not trusted) gets a leading apostrophe, as OWASP
// advises.
func CSV(w io.Writer, header []string, rows [][]string) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, r := range rows {
		safe := make([]string, len(r))
		for i, c := range r {
			safe[i] = defuse(c)
		}
		if err := cw.Write(safe); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func defuse(c string) string {
	if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
		return "'" + c
	}
	return c
}

func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// WriteFile creates a new file in dir (made 0700 when missing) named
// prefix-YYYYMMDD-HHMMSS.ext, 0600, never replacing or following
// anything there (O_EXCL: a name taken gets -2, -3, …), and fills it with
// write. It returns the file's path; a failed write removes the file.
func WriteFile(dir, prefix, ext string, now time.Time, write func(io.Writer) error) (string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	base := prefix + "-" + now.Format("20060102-150405")
	for n := 1; n < 100; n++ {
		name := base + "." + ext
		if n > 1 {
			name = fmt.Sprintf("%s-%d.%s", base, n, ext)
		}
		path := filepath.Join(dir, name)
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if os.IsExist(err) {
			continue
		}
		if err != nil {
			return "", err
		}
		err = write(f)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(path)
			return "", err
		}
		return path, nil
	}
	return "", fmt.Errorf("%s: too many exports named %s", dir, base)
}
