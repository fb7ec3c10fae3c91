// pod-template-merge merges a task pod onto a default PodTemplate with Flyte's own code:
// MergeBasePodSpecOntoTemplate of flyteplugins v1.16.8 (go/tasks/pluginmachinery/flytek8s/pod_helper.go),
// the function propeller calls for every task pod when plugins.k8s.default-pod-template-name is set.
// It reads {"template": PodSpec, "base": PodSpec, "primary": "<container name>"} as JSON on standard
// input and writes the merged PodSpec as JSON on standard output. Test tool; not shipped.
package main

import (
	"encoding/json"
	"fmt"
	"os"

	v1 "k8s.io/api/core/v1"

	"github.com/flyteorg/flyte/flyteplugins/go/tasks/pluginmachinery/flytek8s"
)

func main() {
	var in struct {
		Template v1.PodSpec `json:"template"`
		Base     v1.PodSpec `json:"base"`
		Primary  string     `json:"primary"`
	}
	decoder := json.NewDecoder(os.Stdin)
	decoder.DisallowUnknownFields()
	if err := decoder.Decode(&in); err != nil {
		fmt.Fprintln(os.Stderr, "pod-template-merge:", err)
		os.Exit(2)
	}
	merged, err := flytek8s.MergeBasePodSpecOntoTemplate(&in.Template, &in.Base, in.Primary, "")
	if err != nil {
		fmt.Fprintln(os.Stderr, "pod-template-merge:", err)
		os.Exit(1)
	}
	if err := json.NewEncoder(os.Stdout).Encode(merged); err != nil {
		fmt.Fprintln(os.Stderr, "pod-template-merge:", err)
		os.Exit(1)
	}
}
