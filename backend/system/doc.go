// Package system is the registry of the systems tokentui manages: one Row
// per system, holding what differs between systems and what a backend
// package may hold — its name and title, its config section, its
// environment variables (the credential ones are withheld from child
// processes), the server name its plain-HTTP and insecure warnings use,
// the hint for an unconfigured system, its config check, what replaces a
// token in a rotate and its client constructor. The rows of the three systems tokentui ships are in
// package builtin, which config and backend/childenv import.
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
// wording), backend/childenv (the credential variables), backend.System's
// Title (the row's title: its tab, its errors), backend.CanRotate and
// backend.ReplacementSpec (the row's Replace or NoRotate), the CLI's warnings, the
// client builder, the command line's groups, config check (each row's
// title and Check, in the order of the tabs), the audit (every row's
// system is listed and judged by the rules all systems share; Fleet's and
// ECE's own rules are the audit's), --all-profiles (the columns come with
// each list command: withAllProfiles), the UI's tabs, the demo's config
// file, demo serve's environment and enrollcmd.Resolve.
//
// # Adding a system
//
// One backend package, one kind, one registry row:
//
//  1. backend/<system>: the client, a backend.Service over
//     backend/transport (and backend.Deleter, backend.PolicyLister …
//     where the system can); its simulator in backend/sim, served by the
//     demo Stack.
//  2. ui/kind_<system>.go: its Kind (columns, detail rows, create form,
//     revoke texts), added to kinds in ui/kind.go where its tab goes; or
//     ui.RegisterKind(ui.Generic(name)) for tokens with nothing of their
//     own (its tab then comes after the built-in ones).
//  3. Its Row in builtin (with a Check where listing the tokens proves
//     too little; without one, config check lists them: ListCheck; with a
//     Replace where its tokens can be rotated) and,
//     keyed by the same name, its command group and simulator section
//     (cmd/tokentui/systems.go) and its enroll commands
//     (backend/enrollcmd's resolvers). A group that wraps its list in
//     withAllProfiles gives the columns --all-profiles shows.
//
// The config file then takes a [profiles.<name>.<section>] section with
// the keys every system shares (url, username, password, api_key and
// their _env and _command forms, ca_cert, ca_fingerprint, insecure,
// allow_plain_http, timeout) and the row's environment variables. Child
// processes never see its credential variables, the CLI warns about its
// plain HTTP and insecure settings, config check tests it, the audit
// covers it (an unreachable system is a finding; expiring tokens are
// reported), its command group is on the command line, demo serve prints
// its variables and its tab, titled from the row, is in the UI.
// TestFourthSystem in cmd/tokentui does all of this for a system written
// only in test code.
//
// Not yet from the registry:
//   - rotate, beyond what replaces a token: Rotation.State's commands
//     (ECE deletes, and its list has no --all) name systems. A fourth
//     system with a Replace rotates in the UI (its kind may say what the
//     new token will be); its CLI rotate is a command of its group that
//     calls the shared rotate with its rotateWire (the requests its dry
//     run names, its secret's JSON).
//   - keys of a system's own: space and default_expiration (Kibana) and
//     region (ECE) are fields of config's sectionFile, System and
//     Settings, and the check that reports them in the wrong section
//     names the three sections; a fourth system's section accepts them
//     unreported (and unused). ECE's ecctl fallback, flags and EC_REGION,
//     EC_INSECURE and EC_OUTPUT are config's, by system.
//   - backend.System's ListCommand and Console name the three (a fourth
//     gets "tokentui <name> list" and its title).
package system
