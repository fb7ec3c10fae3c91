import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { cloudwatchTemplateUri, taskLogLinks } from '../../src/constructs/task-log-links';
import { toYaml } from '../../src/synth/yaml';
import { effectiveConfig, taskLogs } from '../conformance/harness';

const plain = (v: unknown) => YAML.parse(toYaml(v), { version: '1.1' });

describe('taskLogLinks', () => {
  test('no links: every provider off, as the upstream chart writes it', () => {
    expect(plain(taskLogLinks())).toEqual({ 'kubernetes-enabled': false, 'cloudwatch-enabled': false, 'stackdriver-enabled': false });
  });

  test('CloudWatch, Kubernetes and custom links, each with its own value', () => {
    expect(plain(taskLogLinks({
      cloudwatch: { region: 'ap-south-2', logGroup: '/eks/z/app' },
      kubernetes: { templateUri: 'https://k.z.example/#/log/{{ .namespace }}/{{ .podName }}/pod' },
      custom: [{ displayName: 'Loki Z', templateUris: ['https://loki.z.example/?q={{ .podName }}', 'https://b.z.example/{{ .containerName }}'] }],
    }))).toEqual({
      'kubernetes-enabled': true,
      'kubernetes-template-uri': 'https://k.z.example/#/log/{{ .namespace }}/{{ .podName }}/pod',
      'cloudwatch-enabled': true,
      'cloudwatch-region': 'ap-south-2',
      'cloudwatch-log-group': '/eks/z/app',
      'cloudwatch-template-uri': 'https://console.aws.amazon.com/cloudwatch/home?region=ap-south-2#logEventViewer:group=/eks/z/app;stream={{ .nodeName }}-application.var.log.containers.{{ .podName }}_{{ .namespace }}_{{ .containerName }}-{{ .containerId }}.log',
      'stackdriver-enabled': false,
      templates: [{ displayName: 'Loki Z', templateUris: ['https://loki.z.example/?q={{ .podName }}', 'https://b.z.example/{{ .containerName }}'] }],
    });
  });

  test('Flyte links a task pod\'s container to the stream Container Insights\' Fluent Bit writes (<node>-application.var.log.containers.<file>)', () => {
    const logs = toYaml(taskLogLinks({ cloudwatch: { region: 'eu-west-1', logGroup: '/aws/containerinsights/c1/application' } }));
    const indent = (n: number) => logs.trimEnd().replace(/^/gm, ' '.repeat(n));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ef-logs-'));
    fs.writeFileSync(path.join(dir, '001-plugins.yaml'), `plugins:\n  logs:\n${indent(4)}\n  k8s-array:\n    logs:\n      config:\n${indent(8)}\n`);
    expect(effectiveConfig(dir).plugins.logs['cloudwatch-enabled']).toBe(true);
    // A task pod as the API server returns it, scheduled on a node; the kubelet names its log file
    // /var/log/containers/<pod>_<namespace>_<container>-<container id>.log.
    const pod = {
      metadata: { name: 'a1b2-n0-0', namespace: 'proj-development', uid: 'u-1', creationTimestamp: '2026-01-02T03:04:05Z' },
      spec: { nodeName: 'ip-10-0-1-5.eu-west-1.compute.internal', containers: [{ name: 'a1b2-n0-0', image: 'x' }] },
      status: { containerStatuses: [{ name: 'a1b2-n0-0', containerID: 'containerd://0123abcd', ready: true, restartCount: 0, image: 'x', imageID: 'y' }] },
    };
    // flyteplugins' own code (InitializeLogPlugins, GetLogsForContainerInPod) makes the links.
    const links = taskLogs(dir, pod);
    const stream = 'ip-10-0-1-5.eu-west-1.compute.internal-application.var.log.containers.a1b2-n0-0_proj-development_a1b2-n0-0-0123abcd.log';
    const expected = [{ name: 'Cloudwatch Logs', uri: `https://console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logEventViewer:group=/aws/containerinsights/c1/application;stream=${stream}` }];
    expect(links['plugins.logs']).toEqual(expected);
    expect(links['plugins.k8s-array.logs.config']).toEqual(expected);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the console host follows the partition of the region', () => {
    expect(cloudwatchTemplateUri('us-gov-east-1', 'g')).toMatch(/^https:\/\/console\.amazonaws-us-gov\.com\/cloudwatch\/home\?region=us-gov-east-1#/);
    expect(cloudwatchTemplateUri('cn-northwest-1', 'g')).toMatch(/^https:\/\/console\.amazonaws\.cn\/cloudwatch\/home\?region=cn-northwest-1#/);
  });

  test('refuses bad values with one-line messages', () => {
    expect(() => taskLogLinks({ cloudwatch: { region: 'x', logGroup: 'g' } })).toThrow('logs.cloudwatch.region: "x" is not allowed');
    expect(() => taskLogLinks({ kubernetes: { templateUri: 'ftp://x' } })).toThrow('logs.kubernetes.templateUri: "ftp://x" is not allowed');
    expect(() => taskLogLinks({ custom: [{ displayName: '-', templateUris: ['https://x'] }] })).toThrow('logs.custom.displayName: "-" is not allowed');
  });
});
