package ui

import (
	"regexp"
	"sync"
)

// cliAdvice is a backend error's advice to run a tokentui command
// ("run `tokentui fleet list --all` and …").
var cliAdvice = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile("run `tokentui [^`]*`") })

// here rewrites advice to run the CLI, in --demo, into what this screen
// offers: the CLI cannot reach the simulators of this run (they live in
// this process), so sending the user there would only list their real
// systems, or fail.
func (m *Model) here(text string) string {
	if !m.opts.Demo {
		return text
	}
	return cliAdvice().ReplaceAllString(text, "press r here (list again)")
}
