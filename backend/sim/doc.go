// Package sim simulates the servers tokentui talks to, as http.Handlers
// with state, and a Stack that serves them on 127.0.0.1 over TLS with
// seeded demo data. They back `tokentui --demo`, `tokentui demo serve` and
// the tests. Each simulator routes with net/http method-and-path patterns
// and answers with the real server's statuses and error bodies; where
// Elastic's documentation is silent it follows what the real server's code
// does, and names the reading "[UNCONFIRMED]" in a comment.
//
// # Version profile
//
// One Elastic Stack release: Elasticsearch 9.5.0 (ESVersion), Kibana 9.5.0
// (FleetVersion: the newest Fleet enrollment-token API, with a 409 on a
// duplicate name, expirations returned as expire_at, forceDelete,
// includeHidden and _bulk_delete), Fleet Server 9.5.0 (FleetServerVersion),
// and Elastic Cloud Enterprise 3.x hosts reporting 3.8.0 (ECEVersion).
//
// # The Stack
//
// Start opens four listeners, each with a certificate for localhost and
// 127.0.0.1 whose chain is [leaf, CA] (the layout of an auto-configured
// Elasticsearch node), all from one CA: Stack.CA (RSA 2048 like
// Elasticsearch's auto-configured HTTP CA; one key per process, a fresh
// certificate per Stack; ECDSA P-256 with Options.ECDSAHTTPCA, for
// tokentui --demo, whose node material never leaves the process), written
// to Stack.CAFile. Its SHA-256 is the fingerprint (fgr) of the Elasticsearch
// enrollment tokens made against the Stack. Its addresses (ESURL,
// KibanaURL, FleetServerURL, ECEURL) and Creds are what `demo serve`
// prints, under each system's variable names from the registry
// (backend/system).
// Options.Seed makes the demo data (same seed, same data);
// Options.FleetTokens adds Fleet tokens for benchmarks (100,000 seed in
// linear time and every page of the list costs its own size); a Clock
// (FakeClock in tests) drives every expiry. Each simulator has Faults, which
// inject latency, error statuses, broken bodies and resets per route.
//
// # Elasticsearch
//
// Elasticsearch models one cluster as Elastic's "Elasticsearch REST APIs"
// reference describes it, for the routes enrollment tokens need. Every
// answer, errors, HEAD and OPTIONS included, carries X-Elastic-Product:
// Elasticsearch. Credentials: Basic (the realm's users), ApiKey (scheme in
// any case, standard base64 of id:api_key) and Bearer service-account
// tokens. Errors use Elasticsearch's bodies: {"error":{"root_cause",
// "type","reason"},"status"} with security_exception (401 with
// WWW-Authenticate, 403 "action [...] is unauthorized for user [...]"),
// x_content_parse_exception in the parsers' own words ("[1:2]
// [invalidate_api_key] unknown field [id]"), and the simple form
// {"error":"...","status":406} for content types and 400 "no handler found
// for uri [...] and method [...]" for routes it does not have.
//
//	GET|HEAD /                        root info ("ping" on HEAD); monitor
//	OPTIONS  <any path>               200, no authentication, Allow: the route's methods
//	GET /_cluster/health              every field of the cluster health API; number_of_nodes counts enrolled nodes
//	GET /_nodes[/{ids|metrics}[/{metrics}]], /_nodes/{ids}/info/{metrics}
//	                                  nodes info API: metric-or-node rule, _local, _all, _none, names; the http metric
//	GET /_security/_authenticate      authenticate API, service accounts included
//	POST|PUT /_security/api_key       create API key (not with an API key and privileges: 400)
//	GET /_security/api_key            get API key information: id, name (trailing *), owner,
//	                                  username, realm_name, active_only, with_limited_by; 404 {"api_keys":[]} for an unknown id
//	DELETE /_security/api_key         invalidate API key (ids, name, username, realm_name, owner)
//	GET|POST /_security/_query/api_key query API keys: an ids query with size and from only (querykeys.go)
//	GET|POST /logs-elastic_agent.fleet_server-*/_search
//	                                  Fleet Server's enrollment log lines, written by the Fleet Server
//	                                  simulator's LogTo; a few filters and aggregations (usagelog.go)
//	GET /_security/enroll/node        enroll node API (see below)
//	GET /_security/enroll/kibana      enroll Kibana API: a new elastic/kibana service token on every call, and the HTTP CA
//
// filter_path ("Response filtering" in the REST API conventions: *, **,
// -exclusions) applies to GET /, cluster health, nodes info, authenticate
// and get API key. Privileges follow "Security privileges": monitor for
// info, health and nodes; manage_own_api_key and up for keys;
// manage_security (or the raw enroll action) for the enroll APIs. The
// elastic/kibana service account ("Service accounts") has the
// kibana_system role's cluster privileges: monitor, not manage_security.
// Enrollment can be switched off (SetEnrollment): 403 "Enrollment mode is
// not enabled ...". SetHealth sets the cluster status.
//
// The enroll-node API returns real material, made on its first call:
// http_ca_key and http_ca_cert (Stack.CA itself, the HTTP keystore's CA
// entry whose SHA-256 the token's fgr pins, with its RSA 2048 key, as the
// new node signs its own HTTP certificate with SHA256withRSA; with
// Options.ECDSAHTTPCA, its ECDSA key),
// transport_ca_cert, transport_key and transport_cert (an ECDSA transport
// CA signed by Stack.CA and a node certificate it signed). Every key is
// PKCS#8 DER and every certificate DER, each in standard base64 on one
// line; nodes_addresses lists the transport addresses of the nodes already
// there. A new node parses them as x509.ParsePKCS8PrivateKey and
// x509.ParseCertificates do. (The enroll-Kibana API's http_ca is Stack.CA
// itself.) The call itself
// stands for the node joining (a simulator has no transport layer): the
// cluster then lists one more node in _nodes and number_of_nodes
// (EnrolledNodes counts them).
//
// # Kibana (Fleet)
//
// Fleet models Kibana's "Fleet API" (Kibana API reference) at 9.5, under
// /api/... and /s/{space}/api/... ("Spaces"). Credentials: Basic or ApiKey
// against the same realm as Elasticsearch; writes need kbn-xsrf (400
// "Request must contain a kbn-xsrf header."); answers carry
// Elastic-Api-Version: 2023-10-31; errors are Boom bodies
// {"statusCode","error","message"}, 403 naming the Kibana privileges.
//
//	GET    /api/fleet/enrollment_api_keys          list: page, perPage, kuery (a KQL subset; 400 "Kuery is malformed"),
//	                                               created_at descending, items and the deprecated list
//	GET    /api/fleet/enrollment_api_keys/{id}     one token; 404 "EnrollmentAPIKey <id> not found"
//	POST   /api/fleet/enrollment_api_keys          create: 200, 404 unknown policy, 409 duplicate name, 400 validation
//	DELETE /api/fleet/enrollment_api_keys/{id}     revoke (record kept, active:false); forceDelete removes the record;
//	                                               hidden tokens only with includeHidden (404 otherwise)
//	POST   /api/fleet/enrollment_api_keys/_bulk_delete
//	                                               tokenIds (at most 10,000) or kuery (up to 10,000 tokens), in batches of
//	                                               1,000; unknown and hidden ids skipped; {action, count, successCount, errorCount}
//	GET    /api/fleet/agent_policies               withAgentCount (perPage <= 100), kuery, sort
//	GET    /api/fleet/agent_policies/{id}          with the agent count for callers who may read agents
//	GET    /api/fleet/agents                       page, perPage (page*perPage <= 10000), kuery, showInactive
//	GET    /api/fleet/agents/{id}, /api/fleet/agents/setup
//	GET    /api/fleet/fleet_server_hosts
//	GET    /api/spaces/space                       every space a policy lives in, "default" first
//	GET    /api/status                             "Kibana status API": redacted without valid credentials, version 9.5.0 with
//
// An agent's status is computed as Kibana does: unenrolled, offline after
// five minutes without a checkin, updating until it acknowledged its
// policy, then online (or error/degraded from its last checkin). Agent
// counts include inactive agents and exclude unenrolled ones. The seeded
// agents check in every 30 seconds by themselves. Fleet.Version set below
// 9.5 serves the older token routes: no _bulk_delete (404 Not Found) and a
// DELETE that only revokes, ignoring forceDelete and includeHidden.
//
// # Fleet Server
//
// FleetServer models the agent-facing API of Fleet Server (its OpenAPI
// specification, and "Install Elastic Agents" / the elastic-agent enroll
// command in Elastic's Fleet and Elastic Agent guide) on its own listener,
// sharing Fleet's tokens, policies and agents. Every answer carries
// Elastic-Api-Version (2023-06-01); errors are {"statusCode","error",
// "message"} with Content-Type application/json; charset=utf-8 and
// X-Content-Type-Options: nosniff.
//
//	POST /api/fleet/agents/enroll       Authorization: ApiKey <Fleet token>, User-Agent: Elastic Agent v<version>
//	POST /api/fleet/agents/{id}/checkin Authorization: ApiKey <the agent's access key>
//	GET  /api/status                    {"name":"fleet-server","status":"HEALTHY"}, the version for a valid key
//
// Enroll checks in Fleet Server's order: User-Agent present (500),
// Elastic-Api-Version (400 ErrInvalidAPIVersionFormat,
// ErrUnsupportedAPIVersion), the Authorization header (401
// ErrNoAuthHeader, 400 ErrMalformedHeader, 401 ErrInvalidToken, 400
// ErrMalformedToken), the API key against Elasticsearch (401
// ErrUnauthorized: unknown, revoked or expired), the agent version (400
// InvalidUserAgent; 400 UnsupportedVersion below 7.13 or above 9.5.x), an
// active enrollment token for the key (500 "FindEnrollmentAPIKey: hit
// count mismatch 0"), the body (400 BadRequest "Bad request: unable to
// decode enroll request: ..."; 500 "unknown enroll request type"), and
// agent replacement (403 AgentNotReplaceable). Success is 200
// {"action":"created","item":{...}} with a new access API key; the agent
// then shows in Kibana's agents list and its policy's agent count, status
// updating. A checkin answers at once with no actions (the real one is a
// long poll), takes the policy as acknowledged and brings the agent online.
//
// /v1/opamp serves OpenTelemetry Collectors as Fleet Server 9.5 does
// (opamp.go): plain HTTP, one protobuf AgentToServer per POST; any
// authentication failure an empty 401; an unknown collector whose token
// is an active enrollment token enrolls as an agent of type OPAMP in the
// token's policy; protocol errors in error_response with status 200.
// FleetServer.APIKeyCacheTTL models Fleet Server's API-key cache (0 in
// the demo: a revoke cuts collectors off at once).
//
// # Kibana versions
//
// Fleet.Version (Options.KibanaVersion, demo --kibana-version) makes the
// Kibana an older release: before kibana#281324 (8.19.21, 9.4.6, 9.5.1)
// a create's expiration is accepted and dropped (no expire_at); before
// 9.5 there is no _bulk_delete and DELETE only revokes. 9.5's DELETE
// declares its query: an unknown parameter or a non-boolean value is 400.
//
// # ECE
//
// ECE models Elastic Cloud Enterprise's RESTful API for roles tokens
// ("Generate roles tokens", "Enrollment tokens" in the ECE API reference)
// and hosts ("Platform - Infrastructure": runners), globally and under
// /api/v1/regions/{region}. Credentials: ApiKey, Bearer from
// POST /api/v1/users/auth/_login, or Basic. Errors are
// {"errors":[{"code","message"}]}.
//
//	POST   /api/v1/users/auth/_login, /api/v1/users/auth/_refresh
//	POST   .../platform/configuration/security/enrollment-tokens          persistent (token_id) or ephemeral (validity)
//	GET    .../platform/configuration/security/enrollment-tokens          persistent tokens only
//	DELETE .../platform/configuration/security/enrollment-tokens/{token}  by token_id or the token itself; 404 invalid_token_id
//	GET    .../platform/infrastructure/runners[/{runner_id}]              hosts; 404 runners.runner_not_found
//	DELETE .../platform/infrastructure/runners/{runner_id}                {}; 404 runners.runner_not_found
//	POST   .../platform/infrastructure/runners/_search                    empty or match_all query only
//	POST   .../platform/infrastructure/runners[/{runner_id}]/_resync      200 {} (one), 202 {"results":{}} (all)
//
// # Hooks for the consumer side of enrollment
//
// What a new node, Kibana or agent does with a token is plain HTTP against
// the routes above: a node token's key calls GET /_security/enroll/node; a
// Kibana token's key calls GET /_security/enroll/kibana, then the returned
// service token (Bearer) calls _authenticate and
// GET /_nodes/_all/_none?filter_path=nodes.*.version,nodes.*.http.publish_address,nodes.*.ip;
// an agent POSTs the Fleet token to FLEET_SERVER_URL/api/fleet/agents/enroll.
// Installing an ECE host with a roles token is no public API, so it is a
// Go method: ECE.RegisterHost(token, hostname, roles...) adds a runner
// while the token is valid and returns ErrRolesTokenRefused for a deleted,
// unknown or expired one. Tests and the UI read the effects with
// Elasticsearch.EnrolledNodes, Fleet.Agents and Fleet.AgentStatus, and
// ECE.Runners.
package sim
