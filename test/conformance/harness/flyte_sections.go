package main

// The packages of Flyte v1.16.8 that register configuration sections and that the single binary
// (cmd/main.go in flyteorg/flyte) links in: the closure of its imports (`go list -deps ./cmd`)
// intersected with the packages that call config.MustRegisterSection*. Imported for that side
// effect alone, so the sections, their defaults and their pflags are Flyte's own.
//
// Not importable from the Go module proxy, and therefore declared in this program with the field
// names, json tags and types of their v1.16.8 source (see the files named flyteadmin_*.go,
// datacatalog.go, single.go and spark.go):
//   - flyteadmin and datacatalog (the modules are not served);
//   - flyteplugins/go/tasks/plugins/k8s/spark (it pins a spark-operator version the proxy refuses).
//
// Not linked by the binary, so not imported here either: flytepropeller/manager/config,
// flyteplugins/.../plugins/presto/config, flyteplugins/.../webapi/example and flytectl's sections.
import (
	_ "github.com/flyteorg/flyte/flyteidl/clients/go/admin"
	_ "github.com/flyteorg/flyte/flyteplugins/go/tasks/aws"
	_ "github.com/flyteorg/flyte/flyteplugins/go/tasks/config"
	_ "github.com/flyteorg/flyte/flyteplugins/go/tasks/logs"
	_ "github.com/flyteorg/flyte/flyteplugins/go/tasks/pluginmachinery/catalog"
	_ "github.com/flyteorg/flyte/flyteplugins/go/tasks/pluginmachinery/flytek8s/config"
	_ "github.com/flyteorg/flyte/flyteplugins/go/tasks/plugins/array/awsbatch/config"
	_ "github.com/flyteorg/flyte/flyteplugins/go/tasks/plugins/array/k8s"
	_ "github.com/flyteorg/flyte/flyteplugins/go/tasks/plugins/k8s/dask"
	_ "github.com/flyteorg/flyte/flyteplugins/go/tasks/plugins/k8s/kfoperators/common"
	_ "github.com/flyteorg/flyte/flyteplugins/go/tasks/plugins/k8s/ray"
	_ "github.com/flyteorg/flyte/flyteplugins/go/tasks/plugins/testing"
	_ "github.com/flyteorg/flyte/flyteplugins/go/tasks/plugins/webapi/agent"
	_ "github.com/flyteorg/flyte/flyteplugins/go/tasks/plugins/webapi/athena"
	_ "github.com/flyteorg/flyte/flyteplugins/go/tasks/plugins/webapi/bigquery"
	_ "github.com/flyteorg/flyte/flyteplugins/go/tasks/plugins/webapi/connector"
	_ "github.com/flyteorg/flyte/flyteplugins/go/tasks/plugins/webapi/databricks"
	_ "github.com/flyteorg/flyte/flyteplugins/go/tasks/plugins/webapi/snowflake"
	_ "github.com/flyteorg/flyte/flytepropeller/events"
	_ "github.com/flyteorg/flyte/flytepropeller/pkg/controller/config"
	_ "github.com/flyteorg/flyte/flytepropeller/pkg/controller/nodes/catalog"
	_ "github.com/flyteorg/flyte/flytepropeller/pkg/controller/nodes/subworkflow/launchplan"
	_ "github.com/flyteorg/flyte/flytepropeller/pkg/controller/nodes/task/config"
	_ "github.com/flyteorg/flyte/flytepropeller/pkg/controller/nodes/task/resourcemanager/config"
	_ "github.com/flyteorg/flyte/flytepropeller/pkg/controller/nodes/task/secretmanager"
	_ "github.com/flyteorg/flyte/flytepropeller/pkg/controller/workflowstore"
	_ "github.com/flyteorg/flyte/flytepropeller/pkg/webhook/config"
	_ "github.com/flyteorg/flyte/flytestdlib/database"
	_ "github.com/flyteorg/flyte/flytestdlib/logger"
	_ "github.com/flyteorg/flyte/flytestdlib/otelutils"
	_ "github.com/flyteorg/flyte/flytestdlib/profutils"
	_ "github.com/flyteorg/flyte/flytestdlib/storage"
)
