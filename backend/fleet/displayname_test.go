package fleet

import "testing"

// Kibana stores a token's name as "<name> (<id>)"; the name shown is
// the part before the suffix, and only that exact suffix is cut.
func TestDisplayName(t *testing.T) {
	for _, c := range []struct{ stored, id, want string }{
		{"ci-runners (abc-1)", "abc-1", "ci-runners"},
		{" (abc-1)", "abc-1", ""},
		{"abc-1", "abc-1", "abc-1"},
		{"x(abc-1)", "abc-1", "x(abc-1)"},
		{"x (abc-2)", "abc-1", "x (abc-2)"},
		{"x (abc-1", "abc-1", "x (abc-1"},
		{"x (abc-1) ", "abc-1", "x (abc-1) "},
		{"", "abc-1", ""},
		{"()", "", "()"},
		{"x ()", "", "x"},
	} {
		if got := DisplayName(c.stored, c.id); got != c.want {
			t.Errorf("DisplayName(%q, %q) = %q, want %q", c.stored, c.id, got, c.want)
		}
	}
	var shown string
	if n := testing.AllocsPerRun(100, func() {
		shown = DisplayName("ci-runners (804de80a-2d28-494d-956b-629227d7599e)", "804de80a-2d28-494d-956b-629227d7599e")
	}); n != 0 {
		t.Errorf("DisplayName allocates %.0f times a call, want 0 (it runs for every listed token)", n)
	}
	if shown != "ci-runners" {
		t.Errorf("DisplayName = %q, want ci-runners", shown)
	}
}
