package backend

// FleetRevokeEffects is what revoking Fleet tokens does, as Fleet Server
// behaves (its key cache; Elastic Agents' own keys; OTel Collectors that
// authenticate with the token's key): one wording for the CLI and the UI.
const FleetRevokeEffects = "New agents can no longer enroll with these tokens, after up to about a minute (Fleet Server caches them). " +
	"Elastic Agents already enrolled keep working; OTel Collectors connected with them over OpAMP are cut off within about 15 minutes."
