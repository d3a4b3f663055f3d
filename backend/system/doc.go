// Package system is the registry of the systems tokentui manages: one Row
// per system, holding what differs between systems and what a backend
// package may hold — its name, its config section, its environment
// variables (the credential ones are withheld from child processes), the
// server name its plain-HTTP and insecure warnings use, the hint for an
// unconfigured system and its client constructor. The rows of the three
// systems tokentui ships are in package builtin, which config and
// backend/childenv import.
//
// The pieces a backend package must not hold (Bubble Tea, cobra) or that
// live elsewhere are registered by the system's name where they live:
// the UI kind in ui (the kinds list in ui/kind.go, or ui.RegisterKind),
// the CLI command group and the demo's simulator section in cmd/tokentui
// (cliGroups and simulators in systems.go), the enroll commands in
// backend/enrollcmd (its resolvers, or enrollcmd.Register; a system whose
// tokens enroll nothing registers enrollcmd.None with the reason).
// TestRegistryRowsAreWhole in cmd/tokentui walks every row and fails when
// one lacks a piece.
//
// What reads the registry: config (the sections it accepts, each
// system's environment variables, the plain-HTTP rule and its problem
// wording), backend/childenv (the credential variables), the CLI's
// warnings, the client builder, the command line's groups, the UI's
// tabs, the demo's config file and enrollcmd.Resolve.
//
// # Adding a system
//
// One backend package, one kind file, one registry row:
//
//  1. backend/<system>: the client, a backend.Service over
//     backend/transport (and backend.Deleter, backend.PolicyLister …
//     where the system can); its simulator in backend/sim, served by the
//     demo Stack; its title in backend.System.Title.
//  2. ui/kind_<system>.go: its Kind (columns, detail rows, create form,
//     revoke texts), added to kinds in ui/kind.go where its tab goes; or
//     ui.Generic(name) for tokens with nothing of their own.
//  3. Its Row in builtin and, keyed by the same name, its command group
//     and simulator section (cmd/tokentui/systems.go) and its enroll
//     commands (backend/enrollcmd's resolvers).
//
// The config file then takes a [profiles.<name>.<section>] section with
// the keys every system shares (url, username, password, api_key and
// their _env and _command forms, ca_cert, ca_fingerprint, insecure,
// allow_plain_http, timeout) and the row's environment variables; keys of
// its own (as Kibana's space or ECE's region) are fields of config's
// sectionFile, System and Settings. Child processes never see its
// credential variables, the CLI warns about its plain HTTP and insecure
// settings, its command group is on the command line and its tab is in
// the UI. TestFourthSystem in cmd/tokentui does all of this for a system
// written only in test code.
//
// Not yet from the registry: config check, the audit, rotate, the UI's
// enroll panel and usage line name the three built-in systems; a fourth
// is left out of them until it is added there.
package system
