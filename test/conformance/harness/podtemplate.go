package main

import (
	"encoding/json"
	"os"

	v1 "k8s.io/api/core/v1"

	"github.com/flyteorg/flyte/flyteplugins/go/tasks/pluginmachinery/flytek8s"
)

// mergePodTemplate merges a task pod onto a default PodTemplate with Flyte's own code:
// MergeBasePodSpecOntoTemplate of flyteplugins v1.16.8 (go/tasks/pluginmachinery/flytek8s/pod_helper.go),
// which propeller calls for every task pod when plugins.k8s.default-pod-template-name is set. It
// reads {"template": PodSpec, "base": PodSpec, "primary": "<container name>"} from the JSON file.
func mergePodTemplate(file string) (*v1.PodSpec, error) {
	var in struct {
		Template v1.PodSpec `json:"template"`
		Base     v1.PodSpec `json:"base"`
		Primary  string     `json:"primary"`
	}
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	decoder := json.NewDecoder(f)
	decoder.DisallowUnknownFields()
	if err := decoder.Decode(&in); err != nil {
		return nil, err
	}
	return flytek8s.MergeBasePodSpecOntoTemplate(&in.Template, &in.Base, in.Primary, "")
}
