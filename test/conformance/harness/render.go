package main

// Cluster-resource templates rendered as flyteadmin v1.16.8's controller renders them for one
// project and domain. flyteadmin cannot be imported (not on the Go module proxy), so this follows
// flyteadmin/pkg/clusterresource/controller.go step by step:
//   - Sync: templateValues from cluster_resources.templateData (populateTemplateValues), the
//     domain's values from cluster_resources.customData[domain id] (populateDefaultTemplateValues,
//     getCustomTemplateValues without database overrides), the namespace from
//     namespace_mapping.template (flyteadmin/pkg/common/namespace.go GetNamespaceName, with the
//     domain's name);
//   - syncNamespace: every file of the template folder in name order (ioutil.ReadDir) whose
//     extension is ".yaml";
//   - createResourceFromTemplate: "{{ namespace }}", "{{ project }}" and "{{ domain }}" (the
//     domain's id) added to templateValues; the custom values replaced first, then templateValues,
//     each with strings.Replace of the literal "{{ key }}" (case-sensitive, one space inside).
// Go's map order is random; here both maps are walked in key order, which is one of the orders
// flyteadmin may take (they differ only when a value contains another variable).

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/flyteorg/flyte/flytestdlib/config"
)

const templateVariableFormat = "{{ %s }}"

func populateTemplateValues(data map[string]DataSource) (map[string]string, error) {
	values := make(map[string]string, len(data))
	var errs []string
	for _, name := range sortedKeys(data) {
		source := data[name]
		if name == "namespace" || name == "project" || name == "domain" {
			errs = append(errs, "Cannot assign namespace template value in user data")
			continue
		}
		var value string
		switch {
		case len(source.Value) > 0:
			value = source.Value
		case len(source.ValueFrom.EnvVar) > 0:
			value = os.Getenv(source.ValueFrom.EnvVar)
		case len(source.ValueFrom.FilePath) > 0:
			b, err := os.ReadFile(source.ValueFrom.FilePath)
			if err != nil {
				errs = append(errs, fmt.Sprintf("failed to substitute parameterized value for %s: unable to read value from: [%+v] with err: %v", name, source.ValueFrom.FilePath, err))
				continue
			}
			value = string(b)
		default:
			errs = append(errs, fmt.Sprintf("failed to substitute parameterized value for %s: unset or unrecognized ValueFrom: [%+v]", name, source.ValueFrom))
			continue
		}
		if len(value) == 0 {
			errs = append(errs, fmt.Sprintf("failed to substitute parameterized value for %s: unset. ValueFrom: [%+v]", name, source.ValueFrom))
			continue
		}
		values[fmt.Sprintf(templateVariableFormat, name)] = value
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("%s", strings.Join(errs, "; "))
	}
	return values, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func replaceAll(manifest string, values map[string]string) string {
	for _, k := range sortedKeys(values) {
		manifest = strings.Replace(manifest, k, values[k], -1)
	}
	return manifest
}

func domainName(id string) (string, error) {
	var domains *DomainsConfig
	for k, s := range config.GetRootSection().GetSections() {
		if k == "domains" {
			domains = s.GetConfig().(*DomainsConfig)
		}
	}
	for _, d := range *domains {
		if d.ID == id {
			return d.Name, nil
		}
	}
	return "", fmt.Errorf("domain %q is not in the domains section, so flyteadmin makes no namespace for it", id)
}

func renderTemplates(templateDir, project, domain string) (string, error) {
	cr := clusterResourceSection.GetConfig().(*ClusterResourceConfig)
	templateValues, err := populateTemplateValues(cr.TemplateData)
	if err != nil {
		return "", err
	}
	domainValues := map[string]map[string]string{}
	for _, d := range sortedKeys(cr.CustomData) {
		v, err := populateTemplateValues(cr.CustomData[d])
		if err != nil {
			return "", err
		}
		domainValues[d] = v
	}
	name, err := domainName(domain)
	if err != nil {
		return "", err
	}
	nsTemplate := namespaceMappingSection.GetConfig().(*NamespaceMappingConfig).Template
	if len(nsTemplate) == 0 {
		nsTemplate = "{{ project }}-{{ domain }}"
	}
	namespace := strings.Replace(strings.Replace(nsTemplate, "{{ project }}", project, -1), "{{ domain }}", name, -1)
	templateValues["{{ namespace }}"] = namespace
	templateValues["{{ project }}"] = project
	templateValues["{{ domain }}"] = domain

	entries, err := os.ReadDir(templateDir)
	if err != nil {
		return "", err
	}
	var out strings.Builder
	for _, e := range entries {
		if filepath.Ext(e.Name()) != ".yaml" {
			continue
		}
		raw, err := os.ReadFile(filepath.Join(templateDir, e.Name()))
		if err != nil {
			return "", err
		}
		manifest := replaceAll(replaceAll(string(raw), domainValues[domain]), templateValues)
		fmt.Fprintf(&out, "---\n# Source: %s\n%s", e.Name(), manifest)
		if !strings.HasSuffix(manifest, "\n") {
			out.WriteString("\n")
		}
	}
	return out.String(), nil
}
