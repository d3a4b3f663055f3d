package theme

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/exp/golden"
)

// Every style of both themes, rendered, is pinned in testdata: a change
// to a style shows in the golden file's diff (`go test ./ui/theme -update`).
func TestStylesArePinned(t *testing.T) {
	var b strings.Builder
	for _, dark := range []bool{true, false} {
		th := New(dark)
		v := reflect.ValueOf(th)
		for i := range v.NumField() {
			name := v.Type().Field(i).Name
			switch f := v.Field(i).Interface().(type) {
			case lipgloss.Style:
				fmt.Fprintf(&b, "dark=%v %s %q\n", dark, name, f.Render("x"))
			default:
				fmt.Fprintf(&b, "dark=%v %s %v\n", dark, name, f)
			}
		}
	}
	golden.RequireEqual(t, b.String())
}
