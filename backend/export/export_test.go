package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/tokentui/tokentui/backend"
)

var tokens = []backend.Token{
	{System: backend.Fleet, ID: "a", Name: "=HYPERLINK(\"x\")", Status: backend.Active, PolicyID: "p", Created: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)},
	{System: backend.Fleet, ID: "b", Name: "plain, with comma", Status: backend.Revoked},
}

func TestCSVHasAHeaderAndDefusesFormulas(t *testing.T) {
	var b bytes.Buffer
	if err := TokensCSV(&b, tokens); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil || len(recs) != 3 {
		t.Fatalf("%v %q", err, recs)
	}
	if strings.Join(recs[0], ",") != strings.Join(TokenHeader, ",") {
		t.Fatalf("header %q", recs[0])
	}
	if recs[1][2] != `'=HYPERLINK("x")` || recs[2][2] != "plain, with comma" || recs[1][4] != "2026-01-02T03:04:05Z" {
		t.Fatalf("rows %q", recs[1:])
	}
}

func TestJSONIsOneArray(t *testing.T) {
	var b bytes.Buffer
	if err := TokensJSON(&b, tokens); err != nil {
		t.Fatal(err)
	}
	var out []map[string]any
	if err := json.Unmarshal(b.Bytes(), &out); err != nil || len(out) != 2 || out[0]["name"] != `=HYPERLINK("x")` {
		t.Fatalf("%v %s", err, b.String())
	}
}

func TestWriteFileIsNew0600AndNeverFollowsASymlink(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "exports")
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	write := func(w io.Writer) error { return TokensCSV(w, tokens) }
	p1, err := WriteFile(dir, "fleet", "csv", now, write)
	if err != nil {
		t.Fatal(err)
	}
	// A symlink planted under the next name is skipped, not followed.
	target := filepath.Join(t.TempDir(), "victim")
	os.WriteFile(target, []byte("keep"), 0o600)
	if err := os.Symlink(target, filepath.Join(dir, "fleet-20260102-030405-2.csv")); err != nil {
		t.Fatal(err)
	}
	p2, err := WriteFile(dir, "fleet", "csv", now, write)
	if err != nil {
		t.Fatal(err)
	}
	if p1 == p2 || filepath.Base(p2) != "fleet-20260102-030405-3.csv" {
		t.Fatalf("paths %s %s", p1, p2)
	}
	if data, _ := os.ReadFile(target); string(data) != "keep" {
		t.Fatalf("wrote through the symlink: %q", data)
	}
	if runtime.GOOS != "windows" {
		fi, _ := os.Stat(p2)
		di, _ := os.Stat(dir)
		if fi.Mode().Perm() != 0o600 || di.Mode().Perm() != 0o700 {
			t.Fatalf("modes %v %v", fi.Mode().Perm(), di.Mode().Perm())
		}
	}
}
