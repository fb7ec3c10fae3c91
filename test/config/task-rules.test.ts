import { checkTasks, domainQuota, domainRole } from '../../src/config/task-rules';
import { messageOf, specOf, validInput } from '../helpers';

const clone = <T>(v: T): any => JSON.parse(JSON.stringify(v));

/** An environment with every task key set, each to a distinct value. */
export function tasksInput(): any {
  return {
    ...clone(validInput()),
    projects: [{ name: 'proj-b', description: 'Project B.' }, { name: 'proj-c' }],
    domains: ['dev-b', 'prod-b'],
    tasks: {
      roleArn: 'arn:aws:iam::210987654321:role/tasks-b',
      podSecurity: 'restricted',
      trustLaterProjects: true,
      resources: { defaults: { cpu: '300m', memory: '700Mi', ephemeralStorage: '3Gi' }, limits: { cpu: '5', memory: '9Gi', gpu: '3', ephemeralStorage: '11Gi' } },
      quota: { cpu: '17', memory: '33Gi', gpu: '5', ephemeralStorage: '70Gi' },
      domains: { 'prod-b': { roleArn: 'arn:aws:iam::210987654321:role/tasks-prod-b', quota: { cpu: '41', memory: '66Gi', gpu: '7', ephemeralStorage: '90Gi' } } },
    },
    plugins: { enabled: ['container', 'sidecar', 'k8s-array', 'ray'], defaultForTaskTypes: { container: 'container', ray: 'ray' } },
    logs: {
      cloudwatch: { region: 'eu-west-3', logGroup: '/aws/eks/b/containers' },
      kubernetes: { templateUri: 'https://dash.b.example/#/log/{{ .namespace }}/{{ .podName }}/pod' },
      custom: [{ displayName: 'Grafana B', templateUris: ['https://grafana.b.example/explore?pod={{ .podName }}'] }],
    },
  };
}

describe('defaults of the new keys', () => {
  test('projects, domains, pod security and plugins default to the upstream chart\'s set-up; tasks, logs, flyteConfig stay absent', () => {
    const spec = specOf(validInput());
    expect(spec.projects).toEqual([{ name: 'flytesnacks', description: 'Default project setup.' }]);
    expect(spec.domains).toEqual(['development', 'staging', 'production']);
    expect(spec.tasks).toBeUndefined();
    expect(spec.plugins).toBeUndefined();
    expect(spec.logs).toBeUndefined();
    expect(spec.flyteConfig).toBeUndefined();
    const withTasks = specOf({ ...validInput(), tasks: {}, plugins: {} });
    expect(withTasks.tasks).toEqual({ trustLaterProjects: false, podSecurity: 'baseline' });
    expect(withTasks.plugins).toEqual({
      enabled: ['container', 'sidecar', 'k8s-array', 'connector-service', 'echo'],
      defaultForTaskTypes: { container: 'container', sidecar: 'sidecar', container_array: 'k8s-array' },
    });
    expect(specOf({ ...validInput(), projects: [{ name: 'p' }] }).projects).toEqual([{ name: 'p', description: '' }]);
  });

  test('a full set of task keys is accepted as written', () => {
    const spec = specOf(tasksInput());
    expect(spec.tasks!.domains!['prod-b'].quota!.cpu).toBe('41');
    expect(domainRole(spec, 'dev-b')).toBe('arn:aws:iam::210987654321:role/tasks-b');
    expect(domainRole(spec, 'prod-b')).toBe('arn:aws:iam::210987654321:role/tasks-prod-b');
    expect(domainQuota(spec, 'dev-b')!.memory).toBe('33Gi');
    expect(domainQuota(spec, 'prod-b')!.memory).toBe('66Gi');
  });

  test('numbers where quantities go are read as quantities', () => {
    const input = tasksInput();
    input.tasks.quota.cpu = 20;
    expect(specOf(input).tasks!.quota!.cpu).toBe('20');
  });
});

describe('one-line errors for each new key', () => {
  const f = 'test.yaml';
  const cases: Array<[string, (i: any) => void, string]> = [
    ['projects: a bad name', (i) => (i.projects[0].name = 'Proj_B'), `${f}: projects.0.name: "Proj_B" is not allowed; expected a project id: lowercase letters, digits and "-", starting and ending with a letter or digit, at most 61 characters`],
    ['projects: twice', (i) => (i.projects[1].name = 'proj-b'), `${f}: projects.1.name: "proj-b" is not allowed; expected each project once`],
    ['projects: empty', (i) => (i.projects = []), `${f}: projects: [] is not allowed; expected at least one project`],
    ['projects: namespace too long', (i) => (i.projects[0].name = 'p'.repeat(58)), `${f}: projects.0.name: "${'p'.repeat(58)}" is not allowed; expected a name short enough that the namespace "${'p'.repeat(58)}-prod-b" has at most 63 characters`],
    ['projects: a long description', (i) => (i.projects[0].description = 'x'.repeat(301)), `${f}: projects.0.description: "${'x'.repeat(76)}... is not allowed; expected a description of at most 300 characters`],
    ['domains: a bad name', (i) => (i.domains = ['dev-b', 'Prod']), `${f}: domains.1: "Prod" is not allowed; expected a domain id: lowercase letters, digits and "-", starting and ending with a letter or digit, at most 61 characters`],
    ['domains: twice', (i) => (i.domains = ['dev-b', 'prod-b', 'dev-b']), `${f}: domains.2: "dev-b" is not allowed; expected each domain once`],
    ['tasks.roleArn: not a role', (i) => (i.tasks.roleArn = 'arn:aws:iam::210987654321:user/x'), `${f}: tasks.roleArn: "arn:aws:iam::210987654321:user/x" is not allowed; expected an IAM role ARN: "arn:<partition>:iam::<12-digit account>:role/[<path>/]<name>"`],
    ['tasks.roleArn: missing for a domain', (i) => delete i.tasks.roleArn, `${f}: tasks.roleArn: is missing; expected a role for the domains without their own roleArn (dev-b)`],
    ['tasks.roleArn: used by no domain', (i) => (i.tasks.domains['dev-b'] = { roleArn: 'arn:aws:iam::210987654321:role/dev' }), `${f}: tasks.roleArn: "arn:aws:iam::210987654321:role/tasks-b" is not allowed; expected no shared role when every domain names its own (it would apply to nothing)`],
    ['tasks.trustLaterProjects: not a boolean', (i) => (i.tasks.trustLaterProjects = 'yes'), `${f}: tasks.trustLaterProjects: "yes" is not allowed; expected true or false`],
    ['tasks.podSecurity: unknown level', (i) => (i.tasks.podSecurity = 'strict'), `${f}: tasks.podSecurity: "strict" is not allowed; expected "privileged", "baseline" or "restricted"`],
    ['tasks.resources: a bad quantity', (i) => (i.tasks.resources.limits.memory = '9 GB'), `${f}: tasks.resources.limits.memory: "9 GB" is not allowed; expected a Kubernetes quantity such as "500m", "2", "512Mi" or "4Gi"`],
    ['tasks.resources: default above limit', (i) => (i.tasks.resources.defaults.cpu = '6'), `${f}: tasks.resources.defaults.cpu: "6" is not allowed; expected at most the limit (5)`],
    ['tasks.resources: default without limit', (i) => (i.tasks.resources.defaults.gpu = '1', delete i.tasks.resources.limits.gpu), `${f}: tasks.resources.limits.gpu: is missing; expected a limit when defaults.gpu is set`],
    ['tasks.quota: below the task limit', (i) => (i.tasks.quota.memory = '8Gi'), `${f}: tasks.quota.memory: "8Gi" is not allowed; expected at least the task limit (9Gi) so that one task fits`],
    ['tasks.quota: without task resources', (i) => delete i.tasks.resources, `${f}: tasks.resources: is missing; expected task resources when a quota is set: their LimitRange gives every container the limits the quota counts`],
    ['tasks.quota: missing for a domain', (i) => delete i.tasks.quota, `${f}: tasks.quota: is missing; expected a quota for the domains without their own (dev-b)`],
    ['tasks.domains: unknown domain', (i) => (i.tasks.domains.qa = { quota: i.tasks.quota }), `${f}: tasks.domains.qa: "qa" is not allowed; expected one of the declared domains (dev-b, prod-b)`],
    ['tasks.domains.<d>.quota: below the task limit', (i) => (i.tasks.domains['prod-b'].quota.ephemeralStorage = '10Gi'), `${f}: tasks.domains.prod-b.quota.ephemeralStorage: "10Gi" is not allowed; expected at least the task limit (11Gi) so that one task fits`],
    ['tasks.domains.<d>.quota: other keys', (i) => delete i.tasks.domains['prod-b'].quota.gpu, `${f}: tasks.domains.prod-b.quota: {"cpu":"41","memory":"66Gi","ephemeralStorage":"90Gi"} is not allowed; expected the same quota keys in every domain (cpu, memory, gpu, ephemeralStorage)`],
    ['plugins.enabled: not shipped', (i) => (i.plugins.enabled = ['container', 'sagemaker']), `${f}: plugins.enabled.1: "sagemaker" is not allowed; expected one of container, sidecar, pod, k8s-array, connector-service, echo, spark, ray, dask, pytorch, tensorflow, mpi`],
    ['plugins.enabled: twice', (i) => (i.plugins.enabled = ['container', 'ray', 'ray']), `${f}: plugins.enabled.2: "ray" is not allowed; expected each plugin once`],
    ['plugins.defaultForTaskTypes: a plugin not enabled', (i) => (i.plugins.defaultForTaskTypes.spark = 'spark'), `${f}: plugins.defaultForTaskTypes.spark: "spark" is not allowed; expected an enabled plugin (container, sidecar, k8s-array, ray)`],
    ['logs.cloudwatch.region: bad', (i) => (i.logs.cloudwatch.region = 'europe'), `${f}: logs.cloudwatch.region: "europe" is not allowed; expected an AWS region code such as "us-east-1" or "us-gov-west-1"`],
    ['logs.cloudwatch.logGroup: bad', (i) => (i.logs.cloudwatch.logGroup = 'a group'), `${f}: logs.cloudwatch.logGroup: "a group" is not allowed; expected a CloudWatch log group name: 1-512 letters, digits, ".", "_", "/", "#" and "-"`],
    ['logs.kubernetes.templateUri: not a link', (i) => (i.logs.kubernetes.templateUri = 'dash/{{ .podName }}'), `${f}: logs.kubernetes.templateUri: "dash/{{ .podName }}" is not allowed; expected an http(s) link template whose only braces are Flyte placeholders such as "{{ .podName }}", without spaces or quotes elsewhere`],
    ['logs.custom: a stray brace', (i) => (i.logs.custom[0].templateUris = ['https://g.example/{{ podName }}']), `${f}: logs.custom.0.templateUris.0: "https://g.example/{{ podName }}" is not allowed; expected an http(s) link template whose only braces are Flyte placeholders such as "{{ .podName }}", without spaces or quotes elsewhere`],
    ['logs.custom: no name', (i) => (i.logs.custom[0].displayName = ''), `${f}: logs.custom.0.displayName: "" is not allowed; expected a link name: 1-63 letters, digits, spaces and "._()-", starting with a letter or digit`],
    ...([['kube', 'system'], ['kube', 'public'], ['kube', 'node-lease'], ['kube', 'flyte'], ['kube-x', 'dev']] as const).map(
      ([project, domain]): [string, (i: any) => void, string] => [
        `projects x domains: "${project}-${domain}" is Kubernetes' own`,
        (i) => ((i.projects = [{ name: 'proj-b' }, { name: project }]), (i.domains = [domain]), delete i.tasks),
        `${f}: projects.1.name: "${project}" is not allowed; expected task namespaces outside Kubernetes' own ("default", "kube-*"): project "${project}" with domain "${domain}" makes the task namespace "${project}-${domain}"`,
      ],
    ),
    ['namespace: a task namespace', (i) => (i.namespace = 'proj-c-prod-b'), `${f}: namespace: "proj-c-prod-b" is not allowed; expected a namespace other than every task namespace: project "proj-c" with domain "prod-b" makes the task namespace "proj-c-prod-b", whose templates would relabel this one`],
    ['projects x domains: two pairs make one namespace', (i) => ((i.projects = [{ name: 'a-dev' }, { name: 'a' }]), (i.domains = ['b', 'dev-b']), delete i.tasks), `${f}: projects.1.name: "a" is not allowed; expected a task namespace of its own per project and domain: project "a" with domain "dev-b" makes the task namespace "a-dev-b", as project "a-dev" with domain "b" does`],
    ['registry.pullSecret: missing for a non-ECR host', (i) => delete i.registry.pullSecret, `${f}: registry.pullSecret: is missing; expected the name of the pull Secret; only an ECR registry ("<account>.dkr.ecr.<region>.amazonaws.com") may go without one`],
  ];
  test.each(cases)('%s', (_name, edit, expected) => {
    const input = tasksInput();
    edit(input);
    const message = messageOf(input);
    expect(message.split(' (and ')[0]).toBe(expected);
    expect(message).not.toContain('\n');
  });

  test('an ECR registry may go without a pull Secret', () => {
    const input = tasksInput();
    input.registry = { host: '210987654321.dkr.ecr.eu-west-3.amazonaws.com' };
    expect(specOf(input).registry).toEqual({ host: '210987654321.dkr.ecr.eu-west-3.amazonaws.com', mapping: 'path' });
  });
});

describe('checkTasks', () => {
  test('returns no issue for consistent settings and one per problem otherwise', () => {
    const spec = specOf(tasksInput());
    expect(checkTasks(spec)).toEqual([]);
    const broken = { ...spec, tasks: { ...spec.tasks, roleArn: undefined, quota: undefined } };
    expect(checkTasks(broken)).toEqual([
      { path: ['tasks', 'roleArn'], input: undefined, message: 'expected a role for the domains without their own roleArn (dev-b)' },
      { path: ['tasks', 'quota'], input: undefined, message: 'expected a quota for the domains without their own (dev-b)' },
    ]);
    expect(checkTasks({ projects: [{ name: 'a' }], domains: ['d'] })).toEqual([]);
  });
});
