package keymap

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/exp/golden"
)

// Every binding's keys and help are pinned in testdata: a change shows in
// the golden file's diff (`go test ./ui/keymap -update`).
func TestBindingsArePinned(t *testing.T) {
	var b strings.Builder
	v := reflect.ValueOf(Default())
	for i := range v.NumField() {
		if k, ok := v.Field(i).Interface().(key.Binding); ok {
			fmt.Fprintf(&b, "%s %q %q %q\n", v.Type().Field(i).Name, k.Keys(), k.Help().Key, k.Help().Desc)
		}
	}
	golden.RequireEqual(t, b.String())
}
