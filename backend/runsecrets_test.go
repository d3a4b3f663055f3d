package backend

import (
	"errors"
	"testing"
)

func TestRunSecretsKeepsUntilForgotten(t *testing.T) {
	var r RunSecrets
	if _, err := r.Secret(ECE, "a"); err == nil {
		t.Fatal("a secret this run never kept was found")
	}
	r.Keep("a", NewSecret("s-a"))
	if s, err := r.Secret(ECE, "a"); err != nil || s.Reveal() != "s-a" {
		t.Fatalf("got %v, %v", s, err)
	}
	r.Forget("a")
	_, err := r.Secret(Elasticsearch, "a")
	var su *SecretUnavailableError
	if !errors.As(err, &su) || su.System != Elasticsearch || su.ID != "a" {
		t.Fatalf("a forgotten secret: want a *SecretUnavailableError of the system and id, got %T: %v", err, err)
	}
}
