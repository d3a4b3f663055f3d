package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/tokentui/tokentui/backend/parallel"
)

// listConcurrency bounds the profiles listed at once.
const listConcurrency = 4

// withAllProfiles gives a list command --all-profiles: the same command
// runs once per profile of the config file (at most listConcurrency at
// once), as JSON, and the rows are merged with their profile. A profile
// that fails is shown failing while the others list; the run then exits 1.
// Text shows cols, the JSON keys of the list's rows, after PROFILE.
func withAllProfiles(a *app, c *cobra.Command, cols ...string) *cobra.Command {
	var all bool
	c.Flags().BoolVar(&all, "all-profiles", false, "list every profile of the config file (a PROFILE column; profile in JSON)")
	inner := c.RunE
	c.RunE = func(c *cobra.Command, args []string) error {
		if !all {
			return inner(c, args)
		}
		return a.listAllProfiles(c, args, cols)
	}
	return c
}

type profileList struct {
	rows []map[string]any
	err  string
}

func (a *app) listAllProfiles(c *cobra.Command, args []string, cols []string) error {
	if c.Flags().Lookup("profile").Changed {
		return &usageError{errors.New("--all-profiles and --profile exclude each other")}
	}
	names, err := a.profiles(profileFlags{all: true})
	if err != nil {
		return err
	}
	path := strings.Fields(c.CommandPath())[1:]
	var flags []string
	c.Flags().Visit(func(f *pflag.Flag) {
		switch f.Name {
		case "all-profiles", "profile", "output":
			return
		}
		if sv, ok := f.Value.(pflag.SliceValue); ok {
			for _, v := range sv.GetSlice() {
				flags = append(flags, "--"+f.Name+"="+v)
			}
			return
		}
		flags = append(flags, "--"+f.Name+"="+f.Value.String())
	})
	results := make([]profileList, len(names))
	var errMu sync.Mutex
	parallel.Each(len(names), listConcurrency, func(i int) {
		name := names[i]
		var out, errb bytes.Buffer
		child := &app{g: a.g, stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: a.getenv,
			isTerminal: func() bool { return false }, esURL: a.esURL, eceFlags: a.eceFlags}
		cmd := append(append([]string{"--profile", name, "-o", "json"}, path...), append(flags, args...)...)
		if code := run(child, cmd); code != exitOK {
			results[i].err = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(errb.String()), "tokentui: "))
			return
		}
		if errb.Len() > 0 { // warnings, said once per profile
			errMu.Lock()
			for _, line := range strings.Split(strings.TrimSpace(errb.String()), "\n") {
				textf(a.stderr, "%s: %s\n", name, line)
			}
			errMu.Unlock()
		}
		results[i].rows, results[i].err = decodeRows(out.Bytes())
	})
	failed := 0
	if a.g.output == "json" {
		var rows []map[string]any
		for i, r := range results {
			if r.err != "" {
				failed++
				rows = append(rows, map[string]any{"profile": names[i], "error": r.err})
			}
			for _, row := range r.rows {
				row["profile"] = names[i]
				rows = append(rows, row)
			}
		}
		if err := printJSONRows(a, len(rows), func(i int) map[string]any { return rows[i] }); err != nil {
			return err
		}
	} else {
		w := a.table()
		fmt.Fprint(w, "PROFILE")
		for _, col := range cols {
			fmt.Fprint(w, "\t"+strings.ToUpper(col))
		}
		fmt.Fprintln(w)
		for i, r := range results {
			if r.err != "" {
				failed++
				textf(w, "%s\tFAILED: %s\n", names[i], r.err)
			}
			for _, row := range r.rows {
				textf(w, "%s", names[i])
				for _, col := range cols {
					textf(w, "\t%s", cell(row[col]))
				}
				fmt.Fprintln(w)
			}
		}
		if err := w.Flush(); err != nil {
			return err
		}
	}
	if failed > 0 {
		return &exitError{code: exitFailure, err: fmt.Errorf("%d of %d profiles could not be listed", failed, len(names))}
	}
	return nil
}

// decodeRows reads a list's JSON: an array of rows, or ECE's
// {"tokens": [...]}.
func decodeRows(raw []byte) ([]map[string]any, string) {
	var rows []map[string]any
	if err := json.Unmarshal(raw, &rows); err == nil {
		return rows, ""
	}
	var wrapped struct {
		Tokens []map[string]any `json:"tokens"`
	}
	if err := json.Unmarshal(raw, &wrapped); err != nil {
		return nil, "unreadable list output: " + err.Error()
	}
	return wrapped.Tokens, ""
}

func cell(v any) string {
	switch v := v.(type) {
	case nil:
		return "-"
	case string:
		return dash(v)
	case []any:
		parts := make([]string, 0, len(v))
		for _, p := range v {
			parts = append(parts, fmt.Sprint(p))
		}
		return dash(strings.Join(parts, " "))
	}
	return fmt.Sprint(v)
}
