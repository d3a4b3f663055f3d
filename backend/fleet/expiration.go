package fleet

import (
	"context"
	"regexp"
	"sync"
)

// ExpirationIgnoredWarning is set on a create whose expiration the server
// silently dropped (a Kibana without kibana#281324, contracts/fleet.md
// §8.1): the answer has no expire_at, so the token never expires.
const ExpirationIgnoredWarning = "this Kibana ignored the expiration: this token never expires"

// expirationIgnored words the warning with the Kibana version when the
// status API tells it (one best-effort read: a failure keeps the plain
// wording and never changes the create's outcome).
func (c *Client) expirationIgnored(ctx context.Context) string {
	v, err := c.KibanaVersion(ctx)
	if err != nil || !versionRE().MatchString(v) {
		return ExpirationIgnoredWarning
	}
	return "Kibana " + v + " ignored the expiration: this token never expires"
}

// versionRE is a release number as Kibana's status reports it; anything
// else is not put into a message.
var versionRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\d{1,3}\.\d{1,3}\.\d{1,4}$`) })
