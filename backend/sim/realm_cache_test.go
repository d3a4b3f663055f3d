package sim

import (
	"crypto/sha256"
	"testing"

	"golang.org/x/crypto/bcrypt"
)

// A matching bcrypt pair is remembered (as a node's realm caches the
// users it authenticated); a mismatch is not, and stays a mismatch.
func TestBcryptMatchesCachesOnlySuccess(t *testing.T) {
	h, err := bcrypt.GenerateFromPassword([]byte("right-password"), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	hash := string(h)
	cached := func(pass string) bool {
		_, ok := verified.Load(sha256.Sum256([]byte(hash + "\x00" + pass)))
		return ok
	}
	if bcryptMatches(hash, "wrong-password") || cached("wrong-password") {
		t.Fatal("a wrong password matched or was remembered")
	}
	if !bcryptMatches(hash, "right-password") || !cached("right-password") {
		t.Fatal("the right password did not match, or was not remembered")
	}
	if !bcryptMatches(hash, "right-password") || bcryptMatches(hash, "wrong-password") {
		t.Fatal("the second checks disagree with the first")
	}
}
