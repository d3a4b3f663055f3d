// Command safetysweep removes one safety call at a time from tokentui's
// non-test code and runs the tests that should notice: a call whose
// removal no test catches is a promise nothing checks.
//
// The sites are found by pattern, never by line number, so the sweep
// still works after code moves:
//
//	sanitize  sanitize.Text(x), sanitize.Lines(x)          → (x)
//	          &sanitize.Writer{W: w, …} (the CLI's boundary) → w
//	redact    ….Redactor().Add(…), ….redactor.Add(…)      → a call that does nothing
//	          ….Redact(x), redactURL(x)                    → (x)
//	guard     transport.NotFoundNaming(err, id)            → (err != nil): any error proves "gone"
//	          transport.MayHaveHappened(err)               → false: a lost answer is a plain failure
//	          ….Guard(method, path)                        → error(nil): read-only refuses nothing
//	          a call reading into &after (a revoke's read-back) → error(nil)
//
// For each site it runs `go test -count=1 -failfast` on the site's own
// package, then, if that passed, on the extra packages (-extra, by default
// the command line's, whose tests drive every system end to end; not for
// the UI's sites), and prints the site, what removing it did and the
// failing test. It edits files in place and restores each one.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"syscall"
)

type site struct {
	file     string // relative to the root
	line     int
	class    string // sanitize, redact, guard
	call     string // the call as written (first line)
	from, to int    // byte offsets of the call
	repl     string
	keep     string // "pkg.Name": referenced at the file's end so its import stays used
	pkg      string // ./dir
}

func main() {
	root := flag.String("root", ".", "the repository root")
	run := flag.String("run", "", "passed to go test -run (empty: every test)")
	only := flag.String("only", "", "sweep only the sites whose file:line, class or call matches this regexp")
	extra := flag.String("extra", "./cmd/tokentui", "space-separated packages also run when the site's own package passes")
	list := flag.Bool("list", false, "list the sites and stop")
	md := flag.Bool("md", false, "print the verdicts as Markdown table rows (docs/safety-sites.md)")
	flag.Parse()
	if err := os.Chdir(*root); err != nil {
		fail(err)
	}
	sites, err := find()
	if err != nil {
		fail(err)
	}
	var re *regexp.Regexp
	if *only != "" {
		re = regexp.MustCompile(*only)
	}
	var chosen []site
	for _, s := range sites {
		if re == nil || re.MatchString(fmt.Sprintf("%s:%d %s %s", s.file, s.line, s.class, s.call)) {
			chosen = append(chosen, s)
		}
	}
	if *list {
		for _, s := range chosen {
			fmt.Printf("%-8s %s:%d %s\n", s.class, s.file, s.line, s.call)
		}
		return
	}
	caught := map[string][2]int{}
	for i, s := range chosen {
		fmt.Fprintf(os.Stderr, "[%d/%d] %s:%d %s\n", i+1, len(chosen), s.file, s.line, s.call)
		verdict := sweep(s, *run, strings.Fields(*extra))
		c := caught[s.class]
		c[1]++
		if strings.HasPrefix(verdict, "caught") {
			c[0]++
		}
		caught[s.class] = c
		if *md {
			fmt.Printf("| %s | `%s:%d` | `%s` | %s |\n", s.class, s.file, s.line, strings.ReplaceAll(s.call, "|", "\\|"), verdict)
		} else {
			fmt.Printf("%-8s %s:%d %s → %s\n", s.class, s.file, s.line, s.call, verdict)
		}
	}
	classes := make([]string, 0, len(caught))
	for k := range caught {
		classes = append(classes, k)
	}
	sort.Strings(classes)
	for _, k := range classes {
		fmt.Printf("%s: %d/%d caught\n", k, caught[k][0], caught[k][1])
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "safetysweep:", err)
	os.Exit(2)
}

// find parses every non-test Go file of the main module.
func find() ([]site, error) {
	var sites []site
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != "." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		// The sanitizer and the test helpers are what is being guarded,
		// and the simulators are test fixtures.
		dir := filepath.ToSlash(filepath.Dir(path))
		if strings.HasPrefix(dir, "backend/sanitize") || strings.HasPrefix(dir, "backend/sim") {
			return nil
		}
		found, err := inFile(path)
		sites = append(sites, found...)
		return err
	})
	return sites, err
}

func inFile(path string) ([]site, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, src, 0)
	if err != nil {
		return nil, err
	}
	text := func(n ast.Node) string {
		return string(src[fset.Position(n.Pos()).Offset:fset.Position(n.End()).Offset])
	}
	var out []site
	ast.Inspect(f, func(n ast.Node) bool {
		if w, ok := sanitizingWriter(n, text); ok {
			first, _, _ := strings.Cut(text(n), "\n")
			out = append(out, site{file: filepath.ToSlash(path), line: fset.Position(n.Pos()).Line, class: "sanitize",
				call: first, from: fset.Position(n.Pos()).Offset, to: fset.Position(n.End()).Offset, repl: w,
				keep: "sanitize.Text", pkg: "./" + filepath.ToSlash(filepath.Dir(path))})
			return true
		}
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		class, repl, keep := classify(call, text)
		if class == "" {
			return true
		}
		from, to := fset.Position(call.Pos()).Offset, fset.Position(call.End()).Offset
		first, _, _ := strings.Cut(text(call), "\n")
		out = append(out, site{file: filepath.ToSlash(path), line: fset.Position(call.Pos()).Line, class: class,
			call: first, from: from, to: to, repl: repl, keep: keep, pkg: "./" + filepath.ToSlash(filepath.Dir(path))})
		return true
	})
	return out, nil
}

// sanitizingWriter recognises &sanitize.Writer{W: w, …}, the CLI's
// boundary, and gives w, the stream it would leave unguarded.
func sanitizingWriter(n ast.Node, text func(ast.Node) string) (string, bool) {
	u, ok := n.(*ast.UnaryExpr)
	if !ok || u.Op != token.AND {
		return "", false
	}
	lit, ok := u.X.(*ast.CompositeLit)
	if !ok || lit.Type == nil || text(lit.Type) != "sanitize.Writer" {
		return "", false
	}
	for _, e := range lit.Elts {
		if kv, ok := e.(*ast.KeyValueExpr); ok && text(kv.Key) == "W" {
			return text(kv.Value), true
		}
	}
	return "", false
}

// classify says whether call is a safety call, what replaces it and, for
// a package's function, its name (the file may have no other use of the
// package once the call is gone).
func classify(call *ast.CallExpr, text func(ast.Node) string) (class, repl, keep string) {
	args := make([]string, len(call.Args))
	for i, a := range call.Args {
		args[i] = text(a)
	}
	if call.Ellipsis.IsValid() {
		args[len(args)-1] += "..."
	}
	for _, a := range call.Args {
		if u, ok := a.(*ast.UnaryExpr); ok && u.Op == token.AND {
			if id, ok := u.X.(*ast.Ident); ok && id.Name == "after" {
				return "guard", "error(nil)", ""
			}
		}
	}
	switch fn := call.Fun.(type) {
	case *ast.Ident:
		if fn.Name == "redactURL" && len(args) == 1 {
			return "redact", "(" + args[0] + ")", ""
		}
	case *ast.SelectorExpr:
		recv := text(fn.X)
		switch {
		case recv == "sanitize" && (fn.Sel.Name == "Text" || fn.Sel.Name == "Lines") && len(args) == 1:
			return "sanitize", "(" + args[0] + ")", "sanitize." + fn.Sel.Name
		case fn.Sel.Name == "Add" && (strings.HasSuffix(recv, ".Redactor()") || strings.HasSuffix(recv, ".redactor")):
			return "redact", "func(...string) {}(" + strings.Join(args, ", ") + ")", ""
		case fn.Sel.Name == "Redact" && len(args) == 1:
			return "redact", "(" + args[0] + ")", ""
		case recv == "transport" && fn.Sel.Name == "NotFoundNaming" && len(args) == 2:
			return "guard", "(" + args[0] + " != nil)", "transport.NotFoundNaming"
		case recv == "transport" && fn.Sel.Name == "MayHaveHappened" && len(args) == 1:
			return "guard", "false", "transport.MayHaveHappened"
		case fn.Sel.Name == "Guard" && len(args) == 2:
			return "guard", "error(nil)", ""
		}
	}
	return "", "", ""
}

// sweep mutates the site's file, runs the tests and restores the file
// whatever happens (an interrupt included).
func sweep(s site, run string, extra []string) string {
	orig, err := os.ReadFile(s.file)
	if err != nil {
		fail(err)
	}
	mutated := append(append(append([]byte{}, orig[:s.from]...), s.repl...), orig[s.to:]...)
	if s.keep != "" {
		mutated = append(mutated, "\nvar _ = "+s.keep+"\n"...)
	}
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case <-sig:
			_ = os.WriteFile(s.file, orig, 0o644)
			os.Exit(130)
		case <-done:
		}
	}()
	defer func() {
		signal.Stop(sig)
		close(done)
		if err := os.WriteFile(s.file, orig, 0o644); err != nil {
			fail(err)
		}
	}()
	if err := os.WriteFile(s.file, mutated, 0o644); err != nil {
		fail(err)
	}
	if out, err := exec.Command("go", "build", s.pkg).CombinedOutput(); err != nil {
		return "DOES NOT BUILD without it (" + firstLine(out) + ")"
	}
	pkgs := []string{s.pkg}
	for _, p := range extra {
		// The UI's calls are the UI's tests' to catch: no command runs it.
		if p != s.pkg && !strings.HasPrefix(s.pkg, "./ui") {
			pkgs = append(pkgs, p)
		}
	}
	for _, p := range pkgs {
		args := []string{"test", "-count=1", "-failfast"}
		if run != "" {
			args = append(args, "-run", run)
		}
		out, err := exec.Command("go", append(args, p)...).CombinedOutput()
		if err != nil {
			return "caught by " + p + " " + failed(out)
		}
	}
	return "NOT CAUGHT (" + strings.Join(pkgs, " ") + ")"
}

var failLine = regexp.MustCompile(`--- FAIL: (\S+)`)

// failed names the innermost failing test, or the build error.
func failed(out []byte) string {
	m := failLine.FindAllSubmatch(out, -1)
	if len(m) == 0 {
		return "(" + firstLine(out) + ")"
	}
	names := make([]string, 0, len(m))
	for _, x := range m {
		names = append(names, string(x[1]))
	}
	sort.Slice(names, func(i, j int) bool { return len(names[i]) > len(names[j]) })
	return names[0]
}

func firstLine(b []byte) string {
	line, _, _ := bytes.Cut(bytes.TrimSpace(b), []byte("\n"))
	return string(line)
}
