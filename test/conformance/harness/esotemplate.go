package main

// What the External Secrets Operator writes into a Secret key from an ExternalSecret's
// spec.target.template.data entry: its v2 engine executes the entry as a Go text/template over the
// fetched values, keyed by their secretKey, as strings (external-secrets runtime/template/v2/
// template.go), with sprig's functions. The templates this project renders use one function,
// b64enc, which sprig defines as base64.StdEncoding.EncodeToString (sprig strings.go base64encode);
// only it is provided, so a template that uses another fails here.

import (
	"encoding/base64"
	"encoding/json"
	"os"
	"strings"
	"text/template"
)

func esoTemplate(templateFile, valuesFile string) (string, error) {
	text, err := os.ReadFile(templateFile)
	if err != nil {
		return "", err
	}
	raw, err := os.ReadFile(valuesFile)
	if err != nil {
		return "", err
	}
	values := map[string]string{}
	if err := json.Unmarshal(raw, &values); err != nil {
		return "", err
	}
	funcs := template.FuncMap{"b64enc": func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }}
	tpl, err := template.New("data").Option("missingkey=error").Funcs(funcs).Parse(string(text))
	if err != nil {
		return "", err
	}
	var out strings.Builder
	if err := tpl.Execute(&out, values); err != nil {
		return "", err
	}
	return out.String(), nil
}
