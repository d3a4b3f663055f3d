// Package system is the registry of the systems tokentui manages: one Row
// per system, holding everything that differs between systems and that
// the backend can hold — its name, its config section, its environment
// variables (the credential ones are withheld from child processes), the
// names its plain-HTTP and insecure warnings use, the hint for an
// unconfigured system and its client constructor. The rows of the
// systems tokentui ships are in package builtin.
//
// The pieces a backend package must not hold are registered by the
// system's name where they live: the UI kind in ui (ui.RegisterKind), the
// CLI command group in cmd/tokentui (cliGroups), the enroll commands in
// backend/enrollcmd (enrollcmd.Register) and the demo's simulator in
// cmd/tokentui (simulators). A test in cmd/tokentui walks every row and
// fails when one lacks a piece.
//
// # Adding a system
//
// One backend package, one kind file, one registry row:
//
//  1. backend/<system>: the client, implementing backend.Service over
//     backend/transport (and backend.Deleter, backend.PolicyLister … where
//     the system can), and its simulator in backend/sim.
//  2. ui/kind_<system>.go: its Kind (columns, detail rows, create form,
//     revoke texts), registered with ui.RegisterKind in an init.
//  3. One Row in builtin (name, section, environment names, hint,
//     constructor) and, keyed by the same name, its CLI command group
//     (cmd/tokentui cliGroups), its enroll commands (enrollcmd.Register)
//     and its demo section (cmd/tokentui simulators).
//
// The config file then takes a [profiles.<name>.<section>] section and the
// row's environment variables, child processes never see its credential
// variables, the CLI warns about its plain HTTP and insecure settings, the
// command group is on the command line and the kind's tab is in the UI.
// TestFourthSystem in cmd/tokentui does all of this for a system written
// only in test code.
package system
