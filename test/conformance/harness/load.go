package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/spf13/pflag"
	viperLib "github.com/spf13/viper"

	"github.com/flyteorg/flyte/flytestdlib/config"
	"github.com/flyteorg/flyte/flytestdlib/config/viper"
)

// pristine holds a deep copy of every section's registered default, so that each config folder of
// a batch is loaded from the defaults and not from the folder before it.
var pristine = map[config.Section]config.Config{}

func snapshotDefaults(root config.Section) {
	for _, s := range root.GetSections() {
		c, err := config.DeepCopyConfig(s.GetConfig())
		if err != nil {
			panic(err)
		}
		pristine[s] = c
		snapshotDefaults(s)
	}
}

func restoreDefaults() error {
	for s, c := range pristine {
		fresh, err := config.DeepCopyConfig(c)
		if err != nil {
			return err
		}
		if err := s.SetConfig(fresh); err != nil {
			return err
		}
	}
	return nil
}

type refresher interface {
	RefreshFromConfig(ctx context.Context, r config.Section, forceSendUpdates bool) error
}

// loadConfigDir loads a config folder as `flyte start --config <dir>/*.yaml` does (cmd/single/root.go
// initConfig): flytestdlib's viper accessor over the files the glob matches, in name order
// (config/files/finder.go uses filepath.Glob, which sorts), merged by viper in that order
// (config/viper/collection.go MergeAllConfigs), with every section's pflags bound as the root
// command binds them, and decoded into the registered sections with Flyte's decoder hooks.
//
// The binary loads with StrictMode off, so a key it does not know is silently ignored. Here the
// files are first loaded alone with StrictMode on (an unknown key, in a section or at the top,
// and a value of the wrong type fail), then loaded again as the binary does (StrictMode off, the
// pflags bound: their defaults fill every key the files leave out), which gives the answer. The
// strict pass leaves the pflags out because some of Flyte's own flags name no field (bigquery's
// "bigQueryEndpoint"), which StrictMode would refuse although no file sets them.
//
// Also unlike the binary: no file watcher is started (UpdateConfig's WatchConfig holds an inotify
// instance per file and may exit the process), and environment variables are not bound (a config
// folder is what is checked, not the pod's environment).
func loadConfigDir(dir string) error {
	files, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("no *.yaml file (the binary would fall back to ./config.yaml)")
	}
	// The binary's updateConfig reads each file with ReadInConfig first, which reports a file that
	// is not YAML; MergeAllConfigs alone would only log it and load nothing.
	for _, f := range files {
		v := viperLib.New()
		v.SetConfigFile(f)
		if err := v.ReadInConfig(); err != nil {
			return fmt.Errorf("%s: %w", filepath.Base(f), err)
		}
	}
	if err := loadPass(dir, true); err != nil {
		return fmt.Errorf("%s", qualify(oneLine(err.Error()), dir))
	}
	return loadPass(dir, false)
}

func loadPass(dir string, strict bool) error {
	if err := restoreDefaults(); err != nil {
		return err
	}
	accessor := viper.NewAccessor(config.Options{SearchPaths: []string{filepath.Join(dir, "*.yaml")}, StrictMode: strict})
	if !strict {
		flags := pflag.NewFlagSet("flyte", pflag.ContinueOnError)
		flags.String("config", "", "config file (default is ./flyte.yaml)")
		accessor.InitializePflags(flags)
	}
	return accessor.(refresher).RefreshFromConfig(context.Background(), config.GetRootSection(), true)
}

// effectiveConfig is every section's decoded value as JSON-shaped data, keyed by section path.
func effectiveConfig(root config.Section) (map[string]interface{}, error) {
	out := map[string]interface{}{}
	keys := make([]string, 0, len(root.GetSections()))
	for k := range root.GetSections() {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v, err := sectionValue(root.GetSections()[k])
		if err != nil {
			return nil, fmt.Errorf("section %s: %w", k, err)
		}
		out[k] = v
	}
	return out, nil
}

func sectionValue(s config.Section) (interface{}, error) {
	v, err := toJSONValue(s.GetConfig())
	if err != nil {
		return nil, err
	}
	if len(s.GetSections()) == 0 {
		return v, nil
	}
	m, ok := v.(map[string]interface{})
	if !ok {
		return nil, fmt.Errorf("has sub-sections but its value is not an object")
	}
	subs, err := effectiveConfig(s)
	if err != nil {
		return nil, err
	}
	for k, sv := range subs {
		if _, clash := m[k]; clash {
			return nil, fmt.Errorf("sub-section %s overrides a field", k)
		}
		m[k] = sv
	}
	return m, nil
}

func fail(format string, args ...interface{}) {
	fmt.Fprintln(os.Stderr, oneLine(fmt.Sprintf(format, args...)))
	os.Exit(1)
}
