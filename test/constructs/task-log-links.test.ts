import { cloudwatchTemplateUri, taskLogLinks } from '../../src/constructs/task-log-links';
import { toYaml } from '../../src/synth/yaml';
import * as YAML from 'yaml';

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
      'cloudwatch-template-uri': 'https://console.aws.amazon.com/cloudwatch/home?region=ap-south-2#logEventViewer:group=/eks/z/app;stream=var.log.containers.{{ .podName }}_{{ .namespace }}_{{ .containerName }}-{{ .containerId }}.log',
      'stackdriver-enabled': false,
      templates: [{ displayName: 'Loki Z', templateUris: ['https://loki.z.example/?q={{ .podName }}', 'https://b.z.example/{{ .containerName }}'] }],
    });
  });

  test('the console host follows the partition of the region', () => {
    expect(cloudwatchTemplateUri('us-gov-east-1', 'g')).toMatch(/^https:\/\/console\.amazonaws-us-gov\.com\/cloudwatch\/home\?region=us-gov-east-1#/);
    expect(cloudwatchTemplateUri('cn-northwest-1', 'g')).toMatch(/^https:\/\/console\.amazonaws\.cn\/cloudwatch\/home\?region=cn-northwest-1#/);
  });

  test('refuses bad values with one-line messages', () => {
    expect(() => taskLogLinks({ cloudwatch: { region: 'x', logGroup: 'g' } })).toThrow('TaskLogLinks cloudwatch.region: "x" is not allowed');
    expect(() => taskLogLinks({ kubernetes: { templateUri: 'ftp://x' } })).toThrow('TaskLogLinks kubernetes.templateUri: "ftp://x" is not allowed');
    expect(() => taskLogLinks({ custom: [{ displayName: '-', templateUris: ['https://x'] }] })).toThrow('TaskLogLinks custom.displayName: "-" is not allowed');
  });
});
