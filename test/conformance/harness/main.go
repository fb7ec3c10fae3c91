// Command conformance loads a Flyte config folder with Flyte v1.16.8's own configuration code and
// answers what Flyte reads from it. Built by scripts/conformance/build.sh; used by the tests
// through test/conformance/harness.ts.
//
//	conformance config DIR                 effective configuration of every section, JSON, on stdout
//	conformance check DIR...               strict load of each folder; one line per failing folder
//	conformance render DIR TEMPLATES PROJECT DOMAIN
//	                                       cluster-resource templates as flyteadmin renders them
//	conformance tasklogs DIR POD_JSON      log links of a task pod, from plugins.logs and k8s-array
//	conformance client-secret DIR CLIENT SECRET_FILE
//	                                       checks SECRET_FILE against the static client's decoded hash
//	conformance bcrypt SECRET_FILE         a bcrypt hash (cost 4) of the file's trimmed content, for fixtures
//	conformance eso-template TEMPLATE VALUES_JSON
//	                                       an ExternalSecret template entry as the operator renders it
//	conformance pod-merge INPUT_JSON       a task pod merged onto a default PodTemplate as propeller does
//
// Errors are one line on stderr with a non-zero exit.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	"github.com/sirupsen/logrus"

	"github.com/flyteorg/flyte/flytestdlib/config"
)

var lineBreaks = regexp.MustCompile(`\s*\n+\s*`)

// oneLine folds the multi-line errors of mapstructure and Flyte's error collections.
func oneLine(s string) string {
	return strings.TrimSpace(lineBreaks.ReplaceAllString(strings.TrimSpace(s), "; "))
}

func printJSON(v interface{}) {
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		fail("writing JSON: %v", err)
	}
}

func toJSONValue(v interface{}) (interface{}, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.UseNumber()
	var out interface{}
	err = dec.Decode(&out)
	return out, err
}

func mustLoad(dir string) {
	if err := loadConfigDir(dir); err != nil {
		fail("%s: %v", dir, err)
	}
}

const usage = "usage: conformance config DIR | check DIR... | render DIR TEMPLATES PROJECT DOMAIN | tasklogs DIR POD_JSON | client-secret DIR CLIENT SECRET_FILE | eso-template TEMPLATE VALUES_JSON | bcrypt SECRET_FILE | pod-merge INPUT_JSON"

func main() {
	// Flyte's loader logs through logrus (and the logger section's update handler sets its level).
	logrus.SetOutput(io.Discard)
	snapshotDefaults(config.GetRootSection())
	args := os.Args[1:]
	if len(args) == 0 {
		fail(usage)
	}
	switch {
	case args[0] == "config" && len(args) == 2:
		mustLoad(args[1])
		cfg, err := effectiveConfig(config.GetRootSection())
		if err != nil {
			fail("%s: %v", args[1], err)
		}
		printJSON(cfg)
	case args[0] == "check" && len(args) >= 2:
		failed := 0
		for _, dir := range args[1:] {
			if err := loadConfigDir(dir); err != nil {
				failed++
				fmt.Fprintln(os.Stderr, oneLine(fmt.Sprintf("%s: %v", dir, err)))
			}
		}
		if failed > 0 {
			os.Exit(1)
		}
	case args[0] == "render" && len(args) == 5:
		mustLoad(args[1])
		out, err := renderTemplates(args[2], args[3], args[4])
		if err != nil {
			fail("render %s/%s: %v", args[3], args[4], err)
		}
		fmt.Print(out)
	case args[0] == "tasklogs" && len(args) == 3:
		mustLoad(args[1])
		links, err := taskLogs(args[2])
		if err != nil {
			fail("tasklogs: %v", err)
		}
		printJSON(links)
	case args[0] == "eso-template" && len(args) == 3:
		out, err := esoTemplate(args[1], args[2])
		if err != nil {
			fail("eso-template: %v", err)
		}
		fmt.Print(out)
	case args[0] == "pod-merge" && len(args) == 2:
		merged, err := mergePodTemplate(args[1])
		if err != nil {
			fail("pod-merge: %v", err)
		}
		printJSON(merged)
	case args[0] == "bcrypt" && len(args) == 2:
		h, err := hashSecret(args[1], 4)
		if err != nil {
			fail("bcrypt: %v", err)
		}
		fmt.Println(h)
	case args[0] == "client-secret" && len(args) == 4:
		mustLoad(args[1])
		if err := checkClientSecret(args[2], args[3]); err != nil {
			fail("client-secret %s: %v", args[2], err)
		}
		fmt.Println("ok")
	default:
		fail(usage)
	}
}
