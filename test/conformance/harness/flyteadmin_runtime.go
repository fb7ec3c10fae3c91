package main

// flyteadmin's runtime sections, declared because the flyteadmin module is not on the Go module
// proxy. Field names, json tags, types and registered defaults are those of Flyte v1.16.8:
//   - flyteadmin/pkg/runtime/interfaces/*.go (the types)
//   - flyteadmin/pkg/runtime/*_provider.go (the section keys and defaults)
// Methods are left out: only what the loader decodes matters here.

import (
	"time"

	"golang.org/x/time/rate"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/flyteorg/flyte/flytestdlib/config"
)

// flyteadmin/pkg/runtime/interfaces/application_configuration.go
type FeatureGates struct {
	EnableArtifacts bool `json:"enableArtifacts"`
}

// flyteadmin/pkg/runtime/interfaces/application_configuration.go
type ApplicationConfig struct {
	RoleNameKey                 string            `json:"roleNameKey"`
	MetricsScope                string            `json:"metricsScope"`
	MetricKeys                  []string          `json:"metricsKeys"`
	ProfilerPort                int               `json:"profilerPort"`
	MetadataStoragePrefix       []string          `json:"metadataStoragePrefix"`
	EventVersion                int               `json:"eventVersion"`
	AsyncEventsBufferSize       int               `json:"asyncEventsBufferSize"`
	MaxParallelism              int32             `json:"maxParallelism"`
	Labels                      map[string]string `json:"labels,omitempty"`
	Annotations                 map[string]string `json:"annotations,omitempty"`
	Interruptible               bool              `json:"interruptible"`
	OverwriteCache              bool              `json:"overwriteCache"`
	AssumableIamRole            string            `json:"assumableIamRole"`
	K8SServiceAccount           string            `json:"k8sServiceAccount"`
	OutputLocationPrefix        string            `json:"outputLocationPrefix"`
	UseOffloadedWorkflowClosure bool              `json:"useOffloadedWorkflowClosure"`
	Envs                        map[string]string `json:"envs,omitempty"`
	FeatureGates                FeatureGates      `json:"featureGates"`
	ConsoleURL                  string            `json:"consoleUrl,omitempty"`
	UseOffloadedInputs          bool              `json:"useOffloadedInputs"`
	InjectIdentityAnnotations   bool              `json:"injectIdentityAnnotations"`
	IdentityAnnotationPrefix    string            `json:"identityAnnotationPrefix"`
	IdentityAnnotationKeys      []string          `json:"identityAnnotationKeys"`
}

// flyteadmin/pkg/runtime/interfaces/application_configuration.go
type AWSConfig struct {
	Region string `json:"region"`
}

// flyteadmin/pkg/runtime/interfaces/application_configuration.go
type GCPConfig struct {
	ProjectID string `json:"projectId"`
}

// SASLMechanism is github.com/Shopify/sarama's `type SASLMechanism string` (sarama v1.26.4 broker.go).
type SASLMechanism string

// flyteadmin/pkg/runtime/interfaces/application_configuration.go
type SASLConfig struct {
	Enabled      bool          `json:"enabled"`
	User         string        `json:"user"`
	Password     string        `json:"password"`
	PasswordPath string        `json:"passwordPath"`
	Handshake    bool          `json:"handshake"`
	Mechanism    SASLMechanism `json:"mechanism"`
}

// flyteadmin/pkg/runtime/interfaces/application_configuration.go
type TLSConfig struct {
	Enabled            bool   `json:"enabled"`
	InsecureSkipVerify bool   `json:"insecureSkipVerify"`
	CertPath           string `json:"certPath"`
	KeyPath            string `json:"keyPath"`
}

// flyteadmin/pkg/runtime/interfaces/application_configuration.go
type KafkaConfig struct {
	Version    string     `json:"version"`
	Brokers    []string   `json:"brokers"`
	SASLConfig SASLConfig `json:"saslConfig"`
	TLSConfig  TLSConfig  `json:"tlsConfig"`
}

// flyteadmin/pkg/runtime/interfaces/application_configuration.go
type NatsUserPassAuthConfig struct {
	Enabled  bool   `json:"enabled"`
	User     string `json:"user"`
	Password string `json:"password"`
}

// flyteadmin/pkg/runtime/interfaces/application_configuration.go
type NatsTokenAuthConfig struct {
	Enabled bool   `json:"enabled"`
	Token   string `json:"token"`
}

// flyteadmin/pkg/runtime/interfaces/application_configuration.go
type NatsConfig struct {
	Servers            []string               `json:"servers"`
	UserPassAuthConfig NatsUserPassAuthConfig `json:"userAuthentication"`
	TokenAuthConfig    NatsTokenAuthConfig    `json:"tokenAuthentication"`
}

// flyteadmin/pkg/runtime/interfaces/application_configuration.go
type EventSchedulerConfig struct {
	Scheme               string                `json:"scheme"`
	Region               string                `json:"region"`
	ScheduleRole         string                `json:"scheduleRole"`
	TargetName           string                `json:"targetName"`
	ScheduleNamePrefix   string                `json:"scheduleNamePrefix"`
	AWSSchedulerConfig   *AWSSchedulerConfig   `json:"aws"`
	FlyteSchedulerConfig *FlyteSchedulerConfig `json:"local"`
}

// flyteadmin/pkg/runtime/interfaces/application_configuration.go
type AWSSchedulerConfig struct {
	Region             string `json:"region"`
	ScheduleRole       string `json:"scheduleRole"`
	TargetName         string `json:"targetName"`
	ScheduleNamePrefix string `json:"scheduleNamePrefix"`
}

// flyteadmin/pkg/runtime/interfaces/application_configuration.go
type FlyteSchedulerConfig struct{}

// flyteadmin/pkg/runtime/interfaces/application_configuration.go
type WorkflowExecutorConfig struct {
	Scheme                      string                       `json:"scheme"`
	Region                      string                       `json:"region"`
	ScheduleQueueName           string                       `json:"scheduleQueueName"`
	AccountID                   string                       `json:"accountId"`
	AWSWorkflowExecutorConfig   *AWSWorkflowExecutorConfig   `json:"aws"`
	FlyteWorkflowExecutorConfig *FlyteWorkflowExecutorConfig `json:"local"`
}

// flyteadmin/pkg/runtime/interfaces/application_configuration.go
type AWSWorkflowExecutorConfig struct {
	Region            string `json:"region"`
	ScheduleQueueName string `json:"scheduleQueueName"`
	AccountID         string `json:"accountId"`
}

// flyteadmin/pkg/runtime/interfaces/application_configuration.go
type FlyteWorkflowExecutorConfig struct {
	AdminRateLimit *AdminRateLimit `json:"adminRateLimit"`
	UseUTCTz       bool            `json:"useUTCTz"`
}

// flyteadmin/pkg/runtime/interfaces/application_configuration.go
type AdminRateLimit struct {
	Tps   rate.Limit `json:"tps"`
	Burst int        `json:"burst"`
}

// flyteadmin/pkg/runtime/interfaces/application_configuration.go
type SchedulerConfig struct {
	ProfilerPort           config.Port            `json:"profilerPort"`
	EventSchedulerConfig   EventSchedulerConfig   `json:"eventScheduler"`
	WorkflowExecutorConfig WorkflowExecutorConfig `json:"workflowExecutor"`
	ReconnectAttempts      int                    `json:"reconnectAttempts"`
	ReconnectDelaySeconds  int                    `json:"reconnectDelaySeconds"`
}

// flyteadmin/pkg/runtime/interfaces/application_configuration.go
type SignedURL struct {
	Enabled          bool   `json:"enabled"`
	DurationMinutes  int    `json:"durationMinutes"`
	SigningPrincipal string `json:"signingPrincipal"`
}

// InlineEventDataPolicy: flyteadmin/pkg/runtime/interfaces/application_configuration.go (its enumer
// runs without -json, so the loader decodes it as an integer).
type InlineEventDataPolicy int

// flyteadmin/pkg/runtime/interfaces/application_configuration.go
type RemoteDataConfig struct {
	Scheme                string                `json:"scheme"`
	Region                string                `json:"region"`
	SignedURL             SignedURL             `json:"signedUrls"`
	MaxSizeInBytes        int64                 `json:"maxSizeInBytes"`
	InlineEventDataPolicy InlineEventDataPolicy `json:"inlineEventDataPolicy"`
}

// flyteadmin/pkg/runtime/interfaces/application_configuration.go
type NotificationsPublisherConfig struct {
	TopicName string `json:"topicName"`
}

// flyteadmin/pkg/runtime/interfaces/application_configuration.go
type NotificationsProcessorConfig struct {
	QueueName string `json:"queueName"`
	AccountID string `json:"accountId"`
}

// flyteadmin/pkg/runtime/interfaces/application_configuration.go
type EmailServerConfig struct {
	ServiceName            string `json:"serviceName"`
	APIKeyEnvVar           string `json:"apiKeyEnvVar"`
	APIKeyFilePath         string `json:"apiKeyFilePath"`
	SMTPServer             string `json:"smtpServer"`
	SMTPPort               string `json:"smtpPort"`
	SMTPSkipTLSVerify      bool   `json:"smtpSkipTLSVerify"`
	SMTPUsername           string `json:"smtpUsername"`
	SMTPPasswordSecretName string `json:"smtpPasswordSecretName"`
}

// flyteadmin/pkg/runtime/interfaces/application_configuration.go
type NotificationsEmailerConfig struct {
	EmailerConfig EmailServerConfig `json:"emailServerConfig"`
	Subject       string            `json:"subject"`
	Sender        string            `json:"sender"`
	Body          string            `json:"body"`
}

// flyteadmin/pkg/runtime/interfaces/application_configuration.go
type EventsPublisherConfig struct {
	TopicName                   string   `json:"topicName"`
	EventTypes                  []string `json:"eventTypes"`
	EnrichAllWorkflowEventTypes bool     `json:"enrichAllWorkflowEventTypes"`
}

// flyteadmin/pkg/runtime/interfaces/application_configuration.go
type ExternalEventsConfig struct {
	Enable                bool                  `json:"enable"`
	Type                  string                `json:"type"`
	AWSConfig             AWSConfig             `json:"aws"`
	GCPConfig             GCPConfig             `json:"gcp"`
	EventsPublisherConfig EventsPublisherConfig `json:"eventsPublisher"`
	ReconnectAttempts     int                   `json:"reconnectAttempts"`
	ReconnectDelaySeconds int                   `json:"reconnectDelaySeconds"`
}

// CloudEventVersion: flyteadmin/pkg/runtime/interfaces/application_configuration.go, with the JSON
// methods of its enumer file cloudeventversion_enumer.go (names "v1", "v2").
type CloudEventVersion uint8

var cloudEventVersionNames = []string{"v1", "v2"}

func (i CloudEventVersion) MarshalJSON() ([]byte, error) {
	return enumMarshal(cloudEventVersionNames, "CloudEventVersion", int(i))
}

func (i *CloudEventVersion) UnmarshalJSON(data []byte) error {
	v, err := enumUnmarshal(cloudEventVersionNames, "CloudEventVersion", data)
	*i = CloudEventVersion(v)
	return err
}

// flyteadmin/pkg/runtime/interfaces/application_configuration.go
type CloudEventsConfig struct {
	Enable                bool                  `json:"enable"`
	Type                  string                `json:"type"`
	AWSConfig             AWSConfig             `json:"aws"`
	GCPConfig             GCPConfig             `json:"gcp"`
	KafkaConfig           KafkaConfig           `json:"kafka"`
	NatsConfig            NatsConfig            `json:"nats"`
	EventsPublisherConfig EventsPublisherConfig `json:"eventsPublisher"`
	ReconnectAttempts     int                   `json:"reconnectAttempts"`
	ReconnectDelaySeconds int                   `json:"reconnectDelaySeconds"`
	CloudEventVersion     CloudEventVersion     `json:"cloudEventVersion"`
}

// flyteadmin/pkg/runtime/interfaces/application_configuration.go
type NotificationsConfig struct {
	Type                         string                       `json:"type"`
	Region                       string                       `json:"region"`
	AWSConfig                    AWSConfig                    `json:"aws"`
	GCPConfig                    GCPConfig                    `json:"gcp"`
	NotificationsPublisherConfig NotificationsPublisherConfig `json:"publisher"`
	NotificationsProcessorConfig NotificationsProcessorConfig `json:"processor"`
	NotificationsEmailerConfig   NotificationsEmailerConfig   `json:"emailer"`
	ReconnectAttempts            int                          `json:"reconnectAttempts"`
	ReconnectDelaySeconds        int                          `json:"reconnectDelaySeconds"`
}

// flyteadmin/pkg/runtime/interfaces/application_configuration.go
type Domain struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// flyteadmin/pkg/runtime/interfaces/application_configuration.go: `type DomainsConfig = []Domain`.
type DomainsConfig = []Domain

// flyteadmin/pkg/runtime/interfaces/cluster_resource_configuration.go
type DataSourceValueFrom struct {
	EnvVar   string `json:"env"`
	FilePath string `json:"filePath"`
}

// flyteadmin/pkg/runtime/interfaces/cluster_resource_configuration.go
type DataSource struct {
	Value     string              `json:"value"`
	ValueFrom DataSourceValueFrom `json:"valueFrom"`
}

type DomainName = string
type TemplateData = map[string]DataSource

// flyteadmin/pkg/runtime/interfaces/cluster_resource_configuration.go
type ClusterResourceConfig struct {
	TemplatePath         string                      `json:"templatePath"`
	TemplateData         TemplateData                `json:"templateData"`
	RefreshInterval      config.Duration             `json:"refreshInterval"`
	CustomData           map[DomainName]TemplateData `json:"customData"`
	StandaloneDeployment bool                        `json:"standaloneDeployment"`
}

// flyteadmin/pkg/runtime/interfaces/task_resource_configuration.go
type TaskResourceSet struct {
	CPU              resource.Quantity `json:"cpu"`
	GPU              resource.Quantity `json:"gpu"`
	Memory           resource.Quantity `json:"memory"`
	EphemeralStorage resource.Quantity `json:"ephemeralStorage"`
}

// flyteadmin/pkg/runtime/task_resource_provider.go
type TaskResourceSpec struct {
	Defaults TaskResourceSet `json:"defaults"`
	Limits   TaskResourceSet `json:"limits"`
}

// flyteadmin/pkg/runtime/interfaces/whitelist.go
type WhitelistScope struct {
	Project string `json:"project"`
	Domain  string `json:"domain"`
}

// flyteadmin/pkg/runtime/interfaces/quality_of_service_configuration.go
type QualityOfServiceSpec struct {
	QueueingBudget config.Duration `json:"queueingBudget"`
}

// flyteadmin/pkg/runtime/interfaces/quality_of_service_configuration.go
type QualityOfServiceConfig struct {
	TierExecutionValues map[string]QualityOfServiceSpec `json:"tierExecutionValues"`
	DefaultTiers        map[DomainName]string           `json:"defaultTiers"`
}

// flyteadmin/pkg/runtime/interfaces/namespace_configuration.go
type NamespaceMappingConfig struct {
	Mapping  string `json:"mapping"`
	Template string `json:"template"`
}

// flyteadmin/pkg/runtime/interfaces/queue_configuration.go (ExecutionQueue has no json tags).
type ExecutionQueue struct {
	Dynamic    string
	Attributes []string
}

// flyteadmin/pkg/runtime/interfaces/queue_configuration.go
type WorkflowConfig struct {
	Domain string   `json:"domain"`
	Tags   []string `json:"tags"`
}

// flyteadmin/pkg/runtime/interfaces/queue_configuration.go
type QueueConfig struct {
	ExecutionQueues []ExecutionQueue `json:"executionQueues"`
	WorkflowConfigs []WorkflowConfig `json:"workflowConfigs"`
}

// flyteadmin/pkg/runtime/interfaces/registration_validation_provider.go
type RegistrationValidationConfig struct {
	MaxWorkflowNodes     int    `json:"maxWorkflowNodes"`
	MaxLabelEntries      int    `json:"maxLabelEntries"`
	MaxAnnotationEntries int    `json:"maxAnnotationEntries"`
	WorkflowSizeLimit    string `json:"workflowSizeLimit"`
}

// flyteadmin/pkg/runtime/interfaces/cluster_configuration.go
type ClusterAuth struct {
	TokenPath string `json:"tokenPath"`
	CertPath  string `json:"certPath"`
}

// flyteadmin/pkg/runtime/interfaces/cluster_configuration.go
type ClusterConfig struct {
	Name             string            `json:"name"`
	Endpoint         string            `json:"endpoint"`
	Auth             ClusterAuth       `json:"auth"`
	Enabled          bool              `json:"enabled"`
	KubeClientConfig *KubeClientConfig `json:"kubeClientConfig,omitempty"`
	InCluster        bool              `json:"inCluster"`
}

// flyteadmin/pkg/runtime/interfaces/cluster_configuration.go
type ClusterEntity struct {
	ID     string  `json:"id"`
	Weight float32 `json:"weight"`
}

// flyteadmin/pkg/runtime/interfaces/cluster_configuration.go
type Clusters struct {
	ClusterConfigs        []ClusterConfig            `json:"clusterConfigs"`
	LabelClusterMap       map[string][]ClusterEntity `json:"labelClusterMap"`
	DefaultExecutionLabel string                     `json:"defaultExecutionLabel"`
}

// flyteadmin/pkg/runtime/interfaces/cluster_pools.go
type ClusterPoolAssignment struct {
	Pool string `json:"pool"`
}

// flyteadmin/pkg/runtime/interfaces/cluster_pools.go
type ClusterPoolAssignmentConfig struct {
	ClusterPoolAssignments map[DomainName]ClusterPoolAssignment `json:"clusterPoolAssignments"`
}

// flyteadmin/pkg/runtime/application_config_provider.go: metricPort and MB.
const metricPort = 10254
const megabyte = 1024 * 1024

// The sections, registered under the keys and with the defaults of flyteadmin/pkg/runtime/*_provider.go.
var clusterResourceSection = config.MustRegisterSection("cluster_resources", &ClusterResourceConfig{
	TemplateData:    make(map[string]DataSource),
	RefreshInterval: config.Duration{Duration: time.Minute},
	CustomData:      make(map[DomainName]TemplateData),
})

var namespaceMappingSection = config.MustRegisterSection("namespace_mapping", &NamespaceMappingConfig{
	Template: "{{ project }}-{{ domain }}",
})

func init() {
	// flyteadmin/pkg/runtime/application_config_provider.go
	config.MustRegisterSection("flyteadmin", &ApplicationConfig{
		ProfilerPort: metricPort,
		MetricsScope: "flyte:",
		// contextutils.ProjectKey ... AppNameKey and common.RuntimeTypeKey/RuntimeVersionKey, as strings
		// (flytestdlib/contextutils/context.go, flyteadmin/pkg/common/constants.go).
		MetricKeys:                  []string{"project", "domain", "wf", "task", "phase", "tasktype", "runtime_type", "runtime_version", "app_name"},
		MetadataStoragePrefix:       []string{"metadata", "admin"},
		EventVersion:                2,
		AsyncEventsBufferSize:       100,
		MaxParallelism:              25,
		K8SServiceAccount:           "",
		UseOffloadedWorkflowClosure: false,
		ConsoleURL:                  "",
	})
	config.MustRegisterSection("scheduler", &SchedulerConfig{
		ProfilerPort: config.Port{Port: metricPort},
		EventSchedulerConfig: EventSchedulerConfig{
			Scheme:               "local",
			FlyteSchedulerConfig: &FlyteSchedulerConfig{},
		},
		WorkflowExecutorConfig: WorkflowExecutorConfig{
			Scheme: "local",
			FlyteWorkflowExecutorConfig: &FlyteWorkflowExecutorConfig{
				AdminRateLimit: &AdminRateLimit{Tps: 100, Burst: 10},
			},
		},
	})
	config.MustRegisterSection("remoteData", &RemoteDataConfig{
		Scheme:         "none",
		MaxSizeInBytes: 2 * megabyte,
		SignedURL:      SignedURL{Enabled: false},
	})
	config.MustRegisterSection("notifications", &NotificationsConfig{Type: "local"})
	config.MustRegisterSection("domains", &DomainsConfig{
		{ID: "development", Name: "development"},
		{ID: "staging", Name: "staging"},
		{ID: "production", Name: "production"},
	})
	config.MustRegisterSection("externalEvents", &ExternalEventsConfig{Type: "local"})
	config.MustRegisterSection("cloudEvents", &CloudEventsConfig{Type: "local"})
	// flyteadmin/pkg/runtime/task_resource_provider.go
	config.MustRegisterSection("task_resources", &TaskResourceSpec{
		Defaults: TaskResourceSet{CPU: resource.MustParse("2"), Memory: resource.MustParse("200Mi")},
		Limits:   TaskResourceSet{CPU: resource.MustParse("2"), Memory: resource.MustParse("1Gi"), GPU: resource.MustParse("1")},
	})
	// flyteadmin/pkg/runtime/whitelist_provider.go
	whitelist := make(map[string][]WhitelistScope)
	config.MustRegisterSection("task_type_whitelist", &whitelist)
	// flyteadmin/pkg/runtime/quality_of_service_provider.go
	config.MustRegisterSection("qualityOfService", &QualityOfServiceConfig{
		TierExecutionValues: make(map[string]QualityOfServiceSpec),
		DefaultTiers:        make(map[DomainName]string),
	})
	// flyteadmin/pkg/runtime/cluster_config_provider.go
	config.MustRegisterSection("clusters", &Clusters{})
	// flyteadmin/pkg/runtime/execution_queue_provider.go
	config.MustRegisterSection("queues", &QueueConfig{
		ExecutionQueues: make([]ExecutionQueue, 0),
		WorkflowConfigs: make([]WorkflowConfig, 0),
	})
	// flyteadmin/pkg/runtime/registration_validation_provider.go
	config.MustRegisterSection("registration", &RegistrationValidationConfig{MaxWorkflowNodes: 100})
	// flyteadmin/pkg/runtime/cluster_pool_assignment_provider.go
	config.MustRegisterSection("clusterPools", &ClusterPoolAssignmentConfig{
		ClusterPoolAssignments: make(map[DomainName]ClusterPoolAssignment),
	})
}
