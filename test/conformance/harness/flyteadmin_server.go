package main

// flyteadmin's `server` section: flyteadmin/pkg/config/config.go of Flyte v1.16.8. Its init()
// replaces the registered value with an empty ServerConfig, and the generated pflags
// (serverconfig_flags.go, one flag per leaf key, defaults from defaultServerConfig) bring the
// defaults back through viper; registering defaultServerConfig here gives the same result.

import (
	"time"

	"github.com/flyteorg/flyte/flytestdlib/config"
)

type ServerConfig struct {
	HTTPPort                       int                   `json:"httpPort"`
	GrpcPort                       int                   `json:"grpcPort"`
	GrpcServerReflection           bool                  `json:"grpcServerReflection"`
	KubeConfig                     string                `json:"kube-config"`
	Master                         string                `json:"master"`
	Security                       ServerSecurityOptions `json:"security"`
	GrpcConfig                     GrpcConfig            `json:"grpc"`
	DataProxy                      DataProxyConfig       `json:"dataProxy"`
	ReadHeaderTimeoutSeconds       int                   `json:"readHeaderTimeoutSeconds"`
	KubeClientConfig               KubeClientConfig      `json:"kubeClientConfig"`
	GracefulShutdownTimeoutSeconds int                   `json:"gracefulShutdownTimeoutSeconds"`
}

type DataProxyConfig struct {
	Upload   DataProxyUploadConfig   `json:"upload"`
	Download DataProxyDownloadConfig `json:"download"`
}

type DataProxyDownloadConfig struct {
	MaxExpiresIn config.Duration `json:"maxExpiresIn"`
}

type DataProxyUploadConfig struct {
	MaxExpiresIn          config.Duration `json:"maxExpiresIn"`
	DefaultFileNameLength int             `json:"defaultFileNameLength"`
	StoragePrefix         string          `json:"storagePrefix"`
}

type GrpcConfig struct {
	Port                     int  `json:"port"`
	ServerReflection         bool `json:"serverReflection"`
	MaxMessageSizeBytes      int  `json:"maxMessageSizeBytes"`
	EnableGrpcLatencyMetrics bool `json:"enableGrpcLatencyMetrics"`
	MaxConcurrentStreams     int  `json:"maxConcurrentStreams"`
}

type KubeClientConfig struct {
	QPS     int32           `json:"qps"`
	Burst   int             `json:"burst"`
	Timeout config.Duration `json:"timeout"`
}

type ServerSecurityOptions struct {
	Secure               bool       `json:"secure"`
	Ssl                  SslOptions `json:"ssl"`
	UseAuth              bool       `json:"useAuth"`
	InsecureCookieHeader bool       `json:"insecureCookieHeader"`
	AllowCors            bool       `json:"allowCors"`
	AllowedOrigins       []string   `json:"allowedOrigins"`
	AllowedHeaders       []string   `json:"allowedHeaders"`
}

type SslOptions struct {
	CertificateFile string `json:"certificateFile"`
	KeyFile         string `json:"keyFile"`
}

var serverSection = config.MustRegisterSection("server", &ServerConfig{
	HTTPPort: 8088,
	Security: ServerSecurityOptions{
		AllowCors:      true,
		AllowedHeaders: []string{"Content-Type", "flyte-authorization"},
		AllowedOrigins: []string{"*"},
	},
	GrpcConfig: GrpcConfig{Port: 8089, ServerReflection: true},
	DataProxy: DataProxyConfig{
		Upload:   DataProxyUploadConfig{MaxExpiresIn: config.Duration{Duration: time.Hour}, DefaultFileNameLength: 20},
		Download: DataProxyDownloadConfig{MaxExpiresIn: config.Duration{Duration: time.Hour}},
	},
	ReadHeaderTimeoutSeconds:       32,
	KubeClientConfig:               KubeClientConfig{QPS: 100, Burst: 25, Timeout: config.Duration{Duration: 30 * time.Second}},
	GracefulShutdownTimeoutSeconds: 10,
})
