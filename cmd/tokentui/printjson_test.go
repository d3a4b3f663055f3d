package main

import (
	"bytes"
	"testing"
)

// printJSONRows writes, row by row, the very bytes printJSON writes for
// the whole slice.
func TestPrintJSONRowsMatchesPrintJSON(t *testing.T) {
	name, html := "bulk-<00001> & \"quoted\" é \u2028", "a<b>"
	hidden := true
	cases := [][]fleetRow{
		{},
		{{ID: "one"}},
		{{ID: "1", Name: &name, PolicyName: &html, Hidden: &hidden}, {ID: "2"}, {ID: "3", APIKey: "k"}},
	}
	for _, rows := range cases {
		var want, got bytes.Buffer
		if err := (&app{stdout: &want}).printJSON(rows); err != nil {
			t.Fatal(err)
		}
		if err := printJSONRows(&app{stdout: &got}, len(rows), func(i int) fleetRow { return rows[i] }); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("rows %d:\n got  %q\n want %q", len(rows), got.String(), want.String())
		}
	}
}
