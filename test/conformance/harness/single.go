package main

// Sections of the single binary and of datacatalog (modules not on the Go module proxy), Flyte v1.16.8.

import (
	"time"

	"github.com/flyteorg/flyte/flytestdlib/config"
)

// cmd/single/config.go: the `flyte` section of the single binary.
type SingleConfig struct {
	Propeller   SinglePropeller   `json:"propeller"`
	Admin       SingleAdmin       `json:"admin"`
	DataCatalog SingleDataCatalog `json:"dataCatalog"`
}

type SinglePropeller struct {
	Disabled       bool `json:"disabled"`
	DisableWebhook bool `json:"disableWebhook"`
}

type SingleAdmin struct {
	Disabled                      bool          `json:"disabled"`
	DisableScheduler              bool          `json:"disableScheduler"`
	DisableClusterResourceManager bool          `json:"disableClusterResourceManager"`
	SeedProjects                  []string      `json:"seedProjects"`
	SeedProjectsWithDetails       []SeedProject `json:"seedProjectsWithDetails"`
}

type SingleDataCatalog struct {
	Disabled bool `json:"disabled"`
}

// flyteadmin/pkg/repositories/config/seed_data.go
type SeedProject struct {
	Name        string `json:"name"`
	Description string `json:"description"`
}

// datacatalog/pkg/config/config.go: section "application" (init() sets an empty Config; its pflags,
// config_flags.go, carry defaultConfig's values back, as for flyteadmin's server section).
type DataCatalogApplicationConfig struct {
	GrpcPort                 int  `json:"grpcPort"`
	GrpcServerReflection     bool `json:"grpcServerReflection"`
	GrpcMaxRecvMsgSizeMBs    int  `json:"grpcMaxRecvMsgSizeMBs"`
	HTTPPort                 int  `json:"httpPort"`
	Secure                   bool `json:"secure"`
	ReadHeaderTimeoutSeconds int  `json:"readHeaderTimeoutSeconds"`
}

// datacatalog/pkg/runtime/configs/data_catalog_config.go: section "datacatalog".
type DataCatalogConfig struct {
	StoragePrefix                  string          `json:"storage-prefix"`
	MetricsScope                   string          `json:"metrics-scope"`
	ProfilerPort                   int             `json:"profiler-port"`
	HeartbeatGracePeriodMultiplier int             `json:"heartbeat-grace-period-multiplier"`
	MaxReservationHeartbeat        config.Duration `json:"max-reservation-heartbeat"`
}

func init() {
	config.MustRegisterSection("flyte", &SingleConfig{})
	config.MustRegisterSection("application", &DataCatalogApplicationConfig{
		GrpcPort: 8081, HTTPPort: 8080, GrpcServerReflection: true, ReadHeaderTimeoutSeconds: 32,
	})
	// datacatalog/pkg/runtime/application_config_provider.go registers an empty DataCatalogConfig;
	// its pflags (datacatalogconfig_flags.go, --default-var=defaultConfig) carry these defaults.
	config.MustRegisterSection("datacatalog", &DataCatalogConfig{
		StoragePrefix: "metadata", MetricsScope: "datacatalog", ProfilerPort: 10254,
		HeartbeatGracePeriodMultiplier: 3, MaxReservationHeartbeat: config.Duration{Duration: 10 * time.Second},
	})
}
