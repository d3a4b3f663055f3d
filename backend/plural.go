package backend

import "strconv"

// Plural counts n things: "1 token", "3 tokens". The UI and the CLI share
// it so a count reads the same everywhere.
func Plural(n int, one, many string) string {
	if n == 1 {
		return strconv.Itoa(n) + " " + one
	}
	return strconv.Itoa(n) + " " + many
}
