package main

// flyteadmin's `auth` section, declared because the flyteadmin module is not on the Go module
// proxy: flyteadmin/auth/config/config.go and third_party_config.go of Flyte v1.16.8 (types, json
// tags, DefaultConfig), with the JSON methods of authorizationservertype_enumer.go and
// samesite_enumer.go. Static clients are github.com/ory/fosite's own DefaultClient (v0.42.2, the
// version flyteadmin v1.16.8 requires): its `client_secret` is a []byte, which flytestdlib's loader
// decodes from base64 (config/viper/viper.go stringToByteArray).

import (
	"net/url"
	"time"

	"github.com/ory/fosite"

	"github.com/flyteorg/flyte/flytestdlib/config"
)

// AuthorizationServerType: flyteadmin/auth/config/config.go ("Self", "External").
type AuthorizationServerType int

var authorizationServerTypeNames = []string{"Self", "External"}

func (i AuthorizationServerType) MarshalJSON() ([]byte, error) {
	return enumMarshal(authorizationServerTypeNames, "AuthorizationServerType", int(i))
}

func (i *AuthorizationServerType) UnmarshalJSON(data []byte) error {
	v, err := enumUnmarshal(authorizationServerTypeNames, "AuthorizationServerType", data)
	*i = AuthorizationServerType(v)
	return err
}

// SameSite: flyteadmin/auth/config/config.go ("DefaultMode", "LaxMode", "StrictMode", "NoneMode").
type SameSite int

var sameSiteNames = []string{"DefaultMode", "LaxMode", "StrictMode", "NoneMode"}

func (i SameSite) MarshalJSON() ([]byte, error) {
	return enumMarshal(sameSiteNames, "SameSite", int(i))
}

func (i *SameSite) UnmarshalJSON(data []byte) error {
	v, err := enumUnmarshal(sameSiteNames, "SameSite", data)
	*i = SameSite(v)
	return err
}

type AuthConfig struct {
	HTTPAuthorizationHeader string         `json:"httpAuthorizationHeader"`
	GrpcAuthorizationHeader string         `json:"grpcAuthorizationHeader"`
	DisableForHTTP          bool           `json:"disableForHttp"`
	DisableForGrpc          bool           `json:"disableForGrpc"`
	AuthorizedURIs          []config.URL   `json:"authorizedUris"`
	HTTPProxyURL            config.URL     `json:"httpProxyURL"`
	UserAuth                UserAuthConfig `json:"userAuth"`
	AppAuth                 OAuth2Options  `json:"appAuth"`
}

type AuthorizationServer struct {
	Issuer                                string                           `json:"issuer"`
	AccessTokenLifespan                   config.Duration                  `json:"accessTokenLifespan"`
	RefreshTokenLifespan                  config.Duration                  `json:"refreshTokenLifespan"`
	AuthorizationCodeLifespan             config.Duration                  `json:"authorizationCodeLifespan"`
	ClaimSymmetricEncryptionKeySecretName string                           `json:"claimSymmetricEncryptionKeySecretName"`
	TokenSigningRSAKeySecretName          string                           `json:"tokenSigningRSAKeySecretName"`
	OldTokenSigningRSAKeySecretName       string                           `json:"oldTokenSigningRSAKeySecretName"`
	StaticClients                         map[string]*fosite.DefaultClient `json:"staticClients"`
}

type ExternalAuthorizationServer struct {
	BaseURL             config.URL      `json:"baseUrl"`
	AllowedAudience     []string        `json:"allowedAudience"`
	MetadataEndpointURL config.URL      `json:"metadataUrl"`
	HTTPProxyURL        config.URL      `json:"httpProxyURL"`
	RetryAttempts       int             `json:"retryAttempts"`
	RetryDelay          config.Duration `json:"retryDelay"`
}

type OAuth2Options struct {
	AuthServerType     AuthorizationServerType     `json:"authServerType"`
	SelfAuthServer     AuthorizationServer         `json:"selfAuthServer"`
	ExternalAuthServer ExternalAuthorizationServer `json:"externalAuthServer"`
	ThirdParty         ThirdPartyConfigOptions     `json:"thirdPartyConfig"`
}

type UserAuthConfig struct {
	RedirectURL              config.URL     `json:"redirectUrl"`
	OpenID                   OpenIDOptions  `json:"openId"`
	HTTPProxyURL             config.URL     `json:"httpProxyURL"`
	CookieHashKeySecretName  string         `json:"cookieHashKeySecretName"`
	CookieBlockKeySecretName string         `json:"cookieBlockKeySecretName"`
	CookieSetting            CookieSettings `json:"cookieSetting"`
	IDPQueryParameter        string         `json:"idpQueryParameter"`
}

type CookieSettings struct {
	SameSitePolicy SameSite `json:"sameSitePolicy"`
	Domain         string   `json:"domain"`
}

type OpenIDOptions struct {
	ClientID                   string     `json:"clientId"`
	ClientSecretName           string     `json:"clientSecretName"`
	DeprecatedClientSecretFile string     `json:"clientSecretFile"`
	BaseURL                    config.URL `json:"baseUrl"`
	IssuerURL                  config.URL `json:"issuerUrl"`
	Scopes                     []string   `json:"scopes"`
}

// flyteadmin/auth/config/third_party_config.go
type ThirdPartyConfigOptions struct {
	FlyteClientConfig FlyteClientConfig `json:"flyteClient"`
}

// flyteadmin/auth/config/third_party_config.go
type FlyteClientConfig struct {
	ClientID    string   `json:"clientId"`
	RedirectURI string   `json:"redirectUri"`
	Scopes      []string `json:"scopes"`
	Audience    string   `json:"audience"`
}

func mustParseURL(raw string) url.URL {
	u, err := url.Parse(raw)
	if err != nil {
		panic(err)
	}
	return *u
}

// The default static clients of flyteadmin/auth/config/config.go (flytepropeller's hash is the
// well-known one upstream ships, "Change this.").
func defaultStaticClients() map[string]*fosite.DefaultClient {
	cli := func(id string) *fosite.DefaultClient {
		return &fosite.DefaultClient{
			ID:            id,
			RedirectURIs:  []string{"http://localhost:53593/callback", "http://localhost:12345/callback"},
			ResponseTypes: []string{"code", "token"},
			GrantTypes:    []string{"refresh_token", "authorization_code"},
			Scopes:        []string{"all", "offline", "access_token"},
			Public:        true,
		}
	}
	return map[string]*fosite.DefaultClient{
		"flyte-cli": cli("flyte-cli"),
		"flytectl":  cli("flytectl"),
		"flytepropeller": {
			ID:            "flytepropeller",
			Secret:        []byte(`$2a$06$d6PQn2QAFU3cL5V8MDkeuuk63xubqUxNxjtfPw.Fc9MgV6vpmyOIy`),
			RedirectURIs:  []string{"http://localhost:3846/callback"},
			ResponseTypes: []string{"token"},
			GrantTypes:    []string{"refresh_token", "client_credentials"},
			Scopes:        []string{"all", "offline", "access_token"},
		},
	}
}

// flyteadmin/auth/config/config.go: DefaultConfig, registered as "auth".
var authSection = config.MustRegisterSection("auth", &AuthConfig{
	HTTPAuthorizationHeader: "flyte-authorization",
	GrpcAuthorizationHeader: "flyte-authorization",
	UserAuth: UserAuthConfig{
		RedirectURL:              config.URL{URL: mustParseURL("/console")},
		CookieHashKeySecretName:  "cookie_hash_key",
		CookieBlockKeySecretName: "cookie_block_key",
		OpenID: OpenIDOptions{
			ClientSecretName: "oidc_client_secret",
			Scopes:           []string{"openid", "profile"},
		},
		CookieSetting: CookieSettings{Domain: "", SameSitePolicy: 0},
	},
	AppAuth: OAuth2Options{
		ExternalAuthServer: ExternalAuthorizationServer{
			RetryAttempts: 5,
			RetryDelay:    config.Duration{Duration: 1 * time.Second},
		},
		AuthServerType: 0,
		ThirdParty: ThirdPartyConfigOptions{
			FlyteClientConfig: FlyteClientConfig{
				ClientID:    "flytectl",
				RedirectURI: "http://localhost:53593/callback",
				Scopes:      []string{"all", "offline"},
			},
		},
		SelfAuthServer: AuthorizationServer{
			AccessTokenLifespan:                   config.Duration{Duration: 30 * time.Minute},
			RefreshTokenLifespan:                  config.Duration{Duration: 60 * time.Minute},
			AuthorizationCodeLifespan:             config.Duration{Duration: 5 * time.Minute},
			ClaimSymmetricEncryptionKeySecretName: "claim_symmetric_key",
			TokenSigningRSAKeySecretName:          "token_rsa_key.pem",
			OldTokenSigningRSAKeySecretName:       "token_rsa_key_old.pem",
			StaticClients:                         defaultStaticClients(),
		},
	},
})
