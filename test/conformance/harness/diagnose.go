package main

// Flyte's decode errors name a field relative to its section ("'' has invalid keys: levle",
// "'appAuth.selfAuthServer...' illegal base64 ..."). qualify prefixes each such path with where it
// sits in the merged files, so the one-line error names the whole key ("logger.levle").

import (
	"path/filepath"
	"regexp"
	"strings"

	viperLib "github.com/spf13/viper"
)

var quotedPath = regexp.MustCompile(`'([^']*)' (has invalid keys: ([^;]+)|[^';]+)`)

func mergedSettings(dir string) map[string]interface{} {
	files, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
	v := viperLib.New()
	for _, f := range files {
		v.SetConfigFile(f)
		if err := v.MergeInConfig(); err != nil {
			return nil
		}
	}
	return v.AllSettings()
}

func segments(path string) []string {
	path = strings.NewReplacer("[", ".", "]", "").Replace(path)
	if path == "" {
		return nil
	}
	return strings.Split(path, ".")
}

func lookup(node interface{}, segs []string) bool {
	for _, s := range segs {
		m, ok := node.(map[string]interface{})
		if !ok {
			return false
		}
		found := false
		for k, v := range m {
			if strings.EqualFold(k, s) {
				node, found = v, true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// locate returns the dotted prefixes under which segs resolve in the settings tree.
func locate(node interface{}, prefix string, segs []string, out *[]string) {
	m, ok := node.(map[string]interface{})
	if !ok {
		return
	}
	if prefix != "" && lookup(node, segs) {
		*out = append(*out, prefix)
	}
	for k, v := range m {
		p := k
		if prefix != "" {
			p = prefix + "." + k
		}
		locate(v, p, segs, out)
	}
}

func qualify(msg, dir string) string {
	settings := mergedSettings(dir)
	if settings == nil {
		return msg
	}
	return quotedPath.ReplaceAllStringFunc(msg, func(match string) string {
		sub := quotedPath.FindStringSubmatch(match)
		path, keys := sub[1], sub[3]
		probe := segments(path)
		if keys != "" {
			probe = append(probe, strings.TrimSpace(strings.Split(keys, ",")[0]))
		}
		var where []string
		locate(settings, "", probe, &where)
		if len(where) != 1 {
			return match
		}
		full := where[0]
		if path != "" {
			full += "." + path
		}
		return strings.Replace(match, "'"+path+"'", "'"+full+"'", 1)
	})
}
