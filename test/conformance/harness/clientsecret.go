package main

// The internal authorization server's check of a static client's secret: flyteadmin v1.16.8
// composes fosite (auth/authzserver/initialize.go, compose.Compose with fosite's default
// ClientSecretsHasher, fosite.BCrypt) and the client's hash is auth.appAuth.selfAuthServer
// .staticClients.<id>.client_secret as the loader decoded it (base64 -> []byte).

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/ory/fosite"
)

func checkClientSecret(clientID, secretFile string) error {
	raw, err := os.ReadFile(secretFile)
	if err != nil {
		return err
	}
	// Propeller sends the file's content trimmed (flyteidl/clients/go/admin/token_source_provider.go).
	secret := []byte(strings.TrimSpace(string(raw)))
	client, ok := authSection.GetConfig().(*AuthConfig).AppAuth.SelfAuthServer.StaticClients[clientID]
	if !ok || client == nil {
		return fmt.Errorf("no static client %q in auth.appAuth.selfAuthServer.staticClients", clientID)
	}
	if len(client.Secret) == 0 {
		return fmt.Errorf("static client %q has no client_secret", clientID)
	}
	hasher := &fosite.BCrypt{}
	if err := hasher.Compare(context.Background(), client.Secret, secret); err != nil {
		return fmt.Errorf("the secret does not match the decoded client_secret (%q): %v", string(client.Secret), err)
	}
	return nil
}

// hashSecret hashes a secret with fosite's hasher (test fixtures: what an operator's bcrypt tool makes).
func hashSecret(secretFile string, cost int) (string, error) {
	raw, err := os.ReadFile(secretFile)
	if err != nil {
		return "", err
	}
	h, err := (&fosite.BCrypt{WorkFactor: cost}).Hash(context.Background(), []byte(strings.TrimSpace(string(raw))))
	return string(h), err
}
