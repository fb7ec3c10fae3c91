package main

// Task log links computed by flyteplugins v1.16.8's own code (imported, not copied):
// logs.InitializeLogPlugins builds the template plugins from the loaded log configuration and
// logs.GetLogsForContainerInPod fills in a pod's values (flyteplugins/go/tasks/logs/logging_utils.go,
// pluginmachinery/tasklog/template.go). Done for `plugins.logs` (container tasks) and for
// `plugins.k8s-array.logs.config` (map tasks).

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	v1 "k8s.io/api/core/v1"

	"github.com/flyteorg/flyte/flyteplugins/go/tasks/logs"
	arrayk8s "github.com/flyteorg/flyte/flyteplugins/go/tasks/plugins/array/k8s"
)

type taskLink struct {
	Name string `json:"name"`
	URI  string `json:"uri"`
}

func linksFor(cfg *logs.LogConfig, pod *v1.Pod) ([]taskLink, error) {
	plugin, err := logs.InitializeLogPlugins(cfg)
	if err != nil {
		return nil, err
	}
	out, err := logs.GetLogsForContainerInPod(context.Background(), plugin, nil, pod, 0, "", nil, nil)
	if err != nil {
		return nil, err
	}
	links := make([]taskLink, 0, len(out))
	for _, l := range out {
		links = append(links, taskLink{Name: l.GetName(), URI: l.GetUri()})
	}
	return links, nil
}

// taskLogs reads a Pod (JSON, as the API server returns it) and prints the links of its first container.
func taskLogs(podFile string) (map[string][]taskLink, error) {
	raw, err := os.ReadFile(podFile)
	if err != nil {
		return nil, err
	}
	var pod v1.Pod
	if err := json.Unmarshal(raw, &pod); err != nil {
		return nil, fmt.Errorf("%s: %w", podFile, err)
	}
	container, err := linksFor(logs.GetLogConfig(), &pod)
	if err != nil {
		return nil, err
	}
	array, err := linksFor(&arrayk8s.GetConfig().LogConfig.Config, &pod)
	if err != nil {
		return nil, err
	}
	return map[string][]taskLink{"plugins.logs": container, "plugins.k8s-array.logs.config": array}, nil
}
