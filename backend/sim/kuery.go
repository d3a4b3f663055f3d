package sim

//lint:file-ignore ST1005 the syntax errors are worded as Kibana words them, capitals included

import (
	"fmt"
	"strings"
	"time"
)

// A KQL subset, enough for every kuery form the Fleet contract lists (§3.1):
// field:value, field:"quoted", field:prefix*, field:(a or b), range
// comparisons (<, <=, >, >=) against dates or "now", not/and/or and
// parentheses. Anything else is a syntax error, never ignored.

// doc is what a kuery is evaluated against: field name -> value.
type doc map[string]any

type kqlNode func(d doc, now time.Time) bool

type kqlParser struct {
	toks []string
	pos  int
}

// parseKuery compiles a kuery; an empty string matches everything.
func parseKuery(s string) (kqlNode, error) {
	toks, err := kqlTokens(s)
	if err != nil {
		return nil, err
	}
	if len(toks) == 0 {
		return func(doc, time.Time) bool { return true }, nil
	}
	p := &kqlParser{toks: toks}
	n, err := p.or()
	if err != nil {
		return nil, err
	}
	if p.pos != len(p.toks) {
		return nil, fmt.Errorf("Expected AND, OR, end of input but %q found", p.toks[p.pos])
	}
	return n, nil
}

func kqlTokens(s string) ([]string, error) {
	var toks []string
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n':
			i++
		case c == '(' || c == ')' || c == ':':
			toks = append(toks, string(c))
			i++
		case c == '<' || c == '>':
			if i+1 < len(s) && s[i+1] == '=' {
				toks = append(toks, s[i:i+2])
				i += 2
			} else {
				toks = append(toks, string(c))
				i++
			}
		case c == '"':
			j := i + 1
			var b strings.Builder
			for ; j < len(s) && s[j] != '"'; j++ {
				if s[j] == '\\' && j+1 < len(s) {
					j++
				}
				b.WriteByte(s[j])
			}
			if j >= len(s) {
				return nil, fmt.Errorf("Expected \"\\\"\" but end of input found")
			}
			toks = append(toks, "\""+b.String())
			i = j + 1
		default:
			j := i
			for j < len(s) && !strings.ContainsRune(" \t\n():<>\"", rune(s[j])) {
				if s[j] == '\\' && j+1 < len(s) {
					j++
				}
				j++
			}
			toks = append(toks, s[i:j])
			i = j
		}
	}
	return toks, nil
}

func (p *kqlParser) peek() string {
	if p.pos < len(p.toks) {
		return p.toks[p.pos]
	}
	return ""
}

func (p *kqlParser) keyword(k string) bool {
	if strings.EqualFold(p.peek(), k) {
		p.pos++
		return true
	}
	return false
}

func (p *kqlParser) or() (kqlNode, error) { return p.chain("or", p.and, true) }

func (p *kqlParser) and() (kqlNode, error) { return p.chain("and", p.not, false) }

// chain parses operands joined by keyword, left to right, each parsed by
// operand. A match stops at the first operand that says decides (true
// for or, false for and), as || and && do.
func (p *kqlParser) chain(keyword string, operand func() (kqlNode, error), decides bool) (kqlNode, error) {
	left, err := operand()
	if err != nil {
		return nil, err
	}
	for p.keyword(keyword) {
		right, err := operand()
		if err != nil {
			return nil, err
		}
		l := left
		left = func(d doc, now time.Time) bool {
			if l(d, now) == decides {
				return decides
			}
			return right(d, now)
		}
	}
	return left, nil
}

func (p *kqlParser) not() (kqlNode, error) {
	if p.keyword("not") {
		inner, err := p.not()
		if err != nil {
			return nil, err
		}
		return func(d doc, now time.Time) bool { return !inner(d, now) }, nil
	}
	return p.primary()
}

func (p *kqlParser) primary() (kqlNode, error) {
	tok := p.peek()
	switch {
	case tok == "":
		return nil, fmt.Errorf("Expected \"(\", NOT, field name, value but end of input found")
	case tok == "(":
		p.pos++
		n, err := p.or()
		if err != nil {
			return nil, err
		}
		if p.peek() != ")" {
			return nil, fmt.Errorf("Expected \")\" but %q found", p.peek())
		}
		p.pos++
		return n, nil
	case tok == ")" || tok == ":" || isRangeOp(tok) || strings.EqualFold(tok, "and") || strings.EqualFold(tok, "or"):
		return nil, fmt.Errorf("Expected \"(\", NOT, field name, value but %q found", tok)
	}
	p.pos++
	op := p.peek()
	if op == ":" {
		p.pos++
		field := kqlField(tok)
		return p.values(field)
	}
	if isRangeOp(op) {
		p.pos++
		v := p.peek()
		if v == "" || v == "(" || v == ")" {
			return nil, fmt.Errorf("Expected value but %q found", v)
		}
		p.pos++
		return rangeNode(kqlField(tok), op, strings.TrimPrefix(v, "\""))
	}
	// A bare value searches the text fields (an approximation of KQL's
	// default-field search).
	return valueNode("", tok), nil
}

// values parses the right-hand side of field: — one value or (a or b).
func (p *kqlParser) values(field string) (kqlNode, error) {
	if p.peek() == "(" {
		p.pos++
		var alts []kqlNode
		for {
			v := p.peek()
			if v == "" || v == "(" || v == ")" || v == ":" {
				return nil, fmt.Errorf("Expected value but %q found", v)
			}
			p.pos++
			alts = append(alts, valueNode(field, v))
			if p.keyword("or") {
				continue
			}
			break
		}
		if p.peek() != ")" {
			return nil, fmt.Errorf("Expected \")\" but %q found", p.peek())
		}
		p.pos++
		return func(d doc, now time.Time) bool {
			for _, a := range alts {
				if a(d, now) {
					return true
				}
			}
			return false
		}, nil
	}
	v := p.peek()
	if v == "" || v == ")" || v == ":" || isRangeOp(v) {
		return nil, fmt.Errorf("Expected \"(\", value but %q found", v)
	}
	p.pos++
	return valueNode(field, v), nil
}

func isRangeOp(s string) bool { return s == "<" || s == "<=" || s == ">" || s == ">=" }

// kqlField drops the saved-object prefix older Kibana UIs used.
func kqlField(f string) string {
	return strings.TrimPrefix(f, "fleet-enrollment-api-keys.")
}

var textFields = []string{"name", "policy_id", "api_key_id"}

func valueNode(field, raw string) kqlNode {
	quoted := strings.HasPrefix(raw, "\"")
	v := strings.TrimPrefix(raw, "\"")
	if !quoted {
		v = strings.ReplaceAll(v, "\\", "")
	}
	wildcard := !quoted && strings.Contains(v, "*")
	match := func(have any) bool {
		switch h := have.(type) {
		case bool:
			return strings.EqualFold(v, fmt.Sprint(h))
		case string:
			if wildcard {
				return globMatch(v, h)
			}
			return h == v
		case []string:
			for _, x := range h {
				if (wildcard && globMatch(v, x)) || x == v {
					return true
				}
			}
		}
		return false
	}
	return func(d doc, _ time.Time) bool {
		if field == "" {
			for _, f := range textFields {
				if match(d[f]) {
					return true
				}
			}
			return false
		}
		if wildcard && v == "*" {
			_, ok := d[field]
			return ok
		}
		return match(d[field])
	}
}

func globMatch(pattern, s string) bool {
	parts := strings.Split(pattern, "*")
	if !strings.HasPrefix(s, parts[0]) {
		return false
	}
	s = s[len(parts[0]):]
	for i, part := range parts[1:] {
		if i == len(parts)-2 {
			return strings.HasSuffix(s, part)
		}
		idx := strings.Index(s, part)
		if idx < 0 {
			return false
		}
		s = s[idx+len(part):]
	}
	return true
}

func rangeNode(field, op, v string) (kqlNode, error) {
	var fixed time.Time
	if !strings.EqualFold(v, "now") {
		t, err := time.Parse(time.RFC3339Nano, v)
		if err != nil {
			if t, err = time.Parse("2006-01-02", v); err != nil {
				return nil, fmt.Errorf("failed to parse date field [%s]", v)
			}
		}
		fixed = t
	}
	return func(d doc, now time.Time) bool {
		s, ok := d[field].(string)
		if !ok || s == "" {
			return false
		}
		have, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return false
		}
		ref := fixed
		if ref.IsZero() {
			ref = now
		}
		switch op {
		case "<":
			return have.Before(ref)
		case "<=":
			return !have.After(ref)
		case ">":
			return have.After(ref)
		default:
			return !have.Before(ref)
		}
	}, nil
}
