package main

// The spark plugin's section (plugins.spark), declared because its package pins a spark-operator
// version the Go module proxy refuses: flyteplugins/go/tasks/plugins/k8s/spark/config.go of Flyte
// v1.16.8, registered under flyteplugins' own `plugins` section with its log config type.

import (
	pluginsConfig "github.com/flyteorg/flyte/flyteplugins/go/tasks/config"
	"github.com/flyteorg/flyte/flyteplugins/go/tasks/logs"
)

type SparkConfig struct {
	DefaultSparkConfig    map[string]string `json:"spark-config-default"`
	SparkHistoryServerURL string            `json:"spark-history-server-url"`
	Features              []SparkFeature    `json:"features"`
	LogConfig             SparkLogConfig    `json:"logs"`
}

type SparkLogConfig struct {
	Mixed   logs.LogConfig `json:"mixed"`
	User    logs.LogConfig `json:"user"`
	System  logs.LogConfig `json:"system"`
	AllUser logs.LogConfig `json:"all-user"`
}

type SparkFeature struct {
	Name        string            `json:"name"`
	SparkConfig map[string]string `json:"spark-config"`
}

func init() {
	pluginsConfig.MustRegisterSubSection("spark", &SparkConfig{
		LogConfig: SparkLogConfig{
			Mixed: logs.LogConfig{
				IsKubernetesEnabled:   true,
				KubernetesTemplateURI: "http://localhost:30082/#!/log/{{ .namespace }}/{{ .podName }}/pod?namespace={{ .namespace }}",
			},
		},
	})
}
