package elasticsearch

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"sync"
	"unicode"
	"unicode/utf8"
)

// EnrollmentToken is the decoded form of an Elasticsearch enrollment token
// (contract §4): base64 of {"ver","adr","fgr","key"}.
type EnrollmentToken struct {
	Version     string   `json:"ver"`
	Addresses   []string `json:"adr"`
	Fingerprint string   `json:"fgr"`
	Key         string   `json:"key"` // "<api key id>:<api key secret>"
}

// TokenError says which rule of the contract (§4.6) a token breaks. Its
// text never contains the key.
type TokenError struct {
	Rule   int
	Reason string
}

func (e *TokenError) Error() string {
	return fmt.Sprintf("invalid enrollment token: %s (rule %d)", e.Reason, e.Rule)
}

var (
	tokenRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z0-9+/]+={0,2}$`) })
	fgrRE   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[0-9a-f]{64}$`) })
	keyRE   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[^:]+:.+$`) })
)

// Validate checks the fields against rules 4–7. On top of the contract,
// every field must be printable text: a token is pasted between hosts
// and shown on terminals, so a control character or a bidirectional
// override in it (never produced by Elasticsearch) can only be an attack.
func (t EnrollmentToken) Validate() error {
	if err := printable(4, "ver", t.Version); err != nil {
		return err
	}
	if len(t.Addresses) == 0 {
		return &TokenError{5, "adr must be a non-empty array of addresses"}
	}
	for _, a := range t.Addresses {
		if err := printable(5, "an address of adr", a); err != nil {
			return err
		}
		if err := checkAddress(a); err != nil {
			return err
		}
	}
	if !fgrRE().MatchString(t.Fingerprint) {
		return &TokenError{6, "fgr must be 64 lowercase hex characters (a SHA-256 without colons)"}
	}
	if err := printable(7, "key", t.Key); err != nil {
		return err
	}
	if !keyRE().MatchString(t.Key) {
		return &TokenError{7, "key must have the form <id>:<api_key>"}
	}
	return nil
}

// printable rejects a field holding anything but printable characters
// (letters, marks, numbers, punctuation, symbols and the ASCII space):
// control characters (C0, DEL, C1), format characters such as bidi
// overrides, and bytes that are not UTF-8. The reason names the position,
// never the field's text (the key is a secret).
func printable(rule int, field, s string) error {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			return &TokenError{rule, fmt.Sprintf("%s holds a byte that is not UTF-8 (0x%02x at byte %d)", field, s[i], i)}
		}
		if !unicode.IsPrint(r) {
			return &TokenError{rule, fmt.Sprintf("%s holds a control or non-printable character (%U at byte %d)", field, r, i)}
		}
		i += n
	}
	return nil
}

func checkAddress(a string) error {
	u, err := url.Parse("https://" + a)
	if err != nil || u.Host != a || u.Hostname() == "" {
		return &TokenError{5, fmt.Sprintf("address %q does not form a valid https://<address> URI", a)}
	}
	return nil
}

// Encode validates t and returns the token string: compact JSON in the
// order ver, adr, fgr, key, standard base64 with padding (§4.1).
func (t EnrollmentToken) Encode() (string, error) {
	if err := t.Validate(); err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(t.json()), nil
}

func (t EnrollmentToken) json() []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // Elasticsearch writes '<', '>' and '&' as they are
	_ = enc.Encode(t)
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// KeyID is the API key id part of the key.
func (t EnrollmentToken) KeyID() string {
	id, _, _ := bytes.Cut([]byte(t.Key), []byte(":"))
	return string(id)
}

// APIKeyHeader is the Authorization value consumers send with the key.
func (t EnrollmentToken) APIKeyHeader() string {
	return "ApiKey " + base64.StdEncoding.EncodeToString([]byte(t.Key))
}

// Decode parses a token and checks every rule of contract §4.6: the
// alphabet, UTF-8 JSON, exactly the four keys with the right types, the
// address, fingerprint and key forms, and that re-encoding gives the
// same string.
func Decode(s string) (EnrollmentToken, error) {
	var t EnrollmentToken
	if s == "" {
		return t, &TokenError{1, "the token is empty"}
	}
	if !tokenRE().MatchString(s) {
		return t, &TokenError{1, "the token must be standard base64 (A–Z, a–z, 0–9, +, /, = padding) with no spaces"}
	}
	raw, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return t, &TokenError{1, "the token is not valid base64"}
	}
	if !utf8.Valid(raw) {
		return t, &TokenError{2, "the decoded token is not UTF-8 text"}
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil || fields == nil {
		return t, &TokenError{2, "the decoded token is not a JSON object"}
	}
	for k := range fields {
		switch k {
		case "ver", "adr", "fgr", "key":
		default:
			return t, &TokenError{3, fmt.Sprintf("unexpected field %q: the fields are exactly ver, adr, fgr and key", k)}
		}
	}
	for _, k := range []string{"ver", "adr", "fgr", "key"} {
		if _, ok := fields[k]; !ok {
			return t, &TokenError{3, fmt.Sprintf("missing field %q", k)}
		}
	}
	for _, f := range []struct {
		name string
		dst  *string
	}{{"ver", &t.Version}, {"fgr", &t.Fingerprint}, {"key", &t.Key}} {
		if !isJSONString(fields[f.name]) || json.Unmarshal(fields[f.name], f.dst) != nil {
			return EnrollmentToken{}, &TokenError{4, f.name + " must be a string"}
		}
	}
	if err := json.Unmarshal(fields["adr"], &t.Addresses); err != nil || t.Addresses == nil {
		return EnrollmentToken{}, &TokenError{5, "adr must be an array of strings"}
	}
	if err := t.Validate(); err != nil {
		return EnrollmentToken{}, err
	}
	if base64.StdEncoding.EncodeToString(t.json()) != s {
		return EnrollmentToken{}, &TokenError{8, "the token is not in canonical form (compact JSON in the order ver, adr, fgr, key; padded base64)"}
	}
	return t, nil
}

func isJSONString(raw json.RawMessage) bool {
	b := bytes.TrimSpace(raw)
	return len(b) > 0 && b[0] == '"'
}

// ErrNoAddresses is returned when a node reports no usable HTTP address.
var ErrNoAddresses = errors.New("no bound addresses found")
