package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/template"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/ece"
	"github.com/tokentui/tokentui/backend/sanitize"
)

// The items ecctl's --format template sees: the ECE SDK's models, with
// their Go field names and types (a pointer prints as its value), so a
// template written for ecctl prints the same here.
type (
	// ecctlCreateReply is models.RequestEnrollmentTokenReply.
	ecctlCreateReply struct {
		Token   *string
		TokenID string
	}
	// ecctlListElement is models.ListEnrollmentTokenElement.
	ecctlListElement struct {
		Roles   []string
		TokenID *string
	}
)

// templateTypes names the items in template errors as a user knows them.
var templateTypes = strings.NewReplacer(
	"main.ecctlCreateReply", "a created token (fields: Token, TokenID)",
	"main.ecctlListElement", "a listed token (fields: Roles, TokenID)")

// ecctlOutput is how an ece command prints: ecctl's table, JSON, or a Go
// template applied to each item.
type ecctlOutput struct {
	json   bool
	format *template.Template
}

// ecctlFuncs are the generic helpers of ecctl's templates.
var ecctlFuncs = template.FuncMap{"trim": strings.TrimSpace, "tab": func() string { return "\t" }}

// eceSession resolves what an ece command needs, in ecctl's order: the
// --format template first (a bad one is a usage error before anything
// is sent; sample is an item it must run on), then the configuration,
// then the output: --output when given, else text when --format is
// given, else EC_OUTPUT or the configuration's output.
func (a *app) eceSession(explicit bool, sample any) (*ece.Client, ecctlOutput, error) {
	var out ecctlOutput
	if a.eceFormat != "" {
		if explicit && a.g.output == "json" {
			return nil, out, &usageError{errors.New("cannot specify json output with format flag")}
		}
		t, err := template.New("format").Funcs(ecctlFuncs).Parse(a.eceFormat)
		if err == nil {
			err = t.Execute(io.Discard, sample)
		}
		if err != nil {
			return nil, out, &usageError{fmt.Errorf("--format: %s", templateTypes.Replace(err.Error()))}
		}
		out.format = t
	}
	cfg, err := a.configFor(backend.ECE)
	if err != nil {
		return nil, out, err
	}
	a.warnUnsafe(&cfg)
	svc, err := a.clientFrom(cfg, backend.ECE)
	if err != nil {
		return nil, out, err
	}
	switch {
	case explicit:
		out.json = a.g.output == "json"
	case out.format == nil && cfg.ECE != nil:
		out.json = cfg.ECE.Output == "json"
	}
	return svc.(*ece.Client), out, nil
}

// printFormatted runs the template on each item, one line each, through
// ecctl's table writer (so {{tab}} aligns columns as in ecctl). Values are
// sanitized by the caller before they reach the template.
func (a *app) printFormatted(t *template.Template, items ...any) error {
	w := a.table()
	for _, it := range items {
		var b bytes.Buffer
		if err := t.Execute(&b, it); err != nil {
			_ = w.Flush()
			return fmt.Errorf("--format: %s", templateTypes.Replace(err.Error()))
		}
		b.WriteByte('\n')
		if _, err := w.Write(b.Bytes()); err != nil {
			return err
		}
	}
	return w.Flush()
}

func sanitizedAll(vs []string) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = sanitize.Text(v)
	}
	return out
}

// noRolesNote says what a token without roles is good for (ECE's API:
// an empty role list means the system services only).
const noRolesNote = "note: this roles token has no roles: a host installed with it joins with ECE's system services only (no allocator, coordinator, director or proxy); give the host its roles afterwards in the Cloud UI (Platform → Hosts), or create a token with the roles it needs"

// wantsNoRoles reports an explicit --role "" (ecctl's way to ask for a
// token without roles); an empty role next to real ones is a mistake.
func wantsNoRoles(roles []string) (bool, error) {
	empty := 0
	for _, r := range roles {
		if strings.TrimSpace(r) == "" {
			empty++
		}
	}
	switch {
	case empty == 0:
		return false, nil
	case empty == len(roles):
		return true, nil
	}
	return false, &usageError{errors.New(`--role "" asks for a token without roles: do not combine it with other roles`)}
}
