import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import {
  containerResources, FLYTE_CONTAINER_SECURITY, FLYTE_POD_SECURITY, FLYTE_UID, flyteContainer, podPlacement, waitForDbContainer,
} from '../../../src/constructs/pod/flyte-pod';

const scope = () => new Construct(new Chart(new App({ outdir: '.' }), 'env-f'), 'Flyte');
const resources = containerResources({ requests: { cpu: '110m', memory: '120Mi' }, limits: { cpu: '1300m', memory: '1400Mi' } });

describe('containerResources', () => {
  test('requests and limits as Kubernetes quantities, each value where it was given', () => {
    expect(resources).toEqual({
      requests: { cpu: k8s.Quantity.fromString('110m'), memory: k8s.Quantity.fromString('120Mi') },
      limits: { cpu: k8s.Quantity.fromString('1300m'), memory: k8s.Quantity.fromString('1400Mi') },
    });
  });
});

describe('security contexts', () => {
  test('containers and the pod run as nobody (65534), restricted', () => {
    expect(FLYTE_UID).toBe(65534);
    expect(FLYTE_CONTAINER_SECURITY).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534 });
    expect(FLYTE_POD_SECURITY).toEqual({ runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, fsGroup: 65534, seccompProfile: { type: 'RuntimeDefault' } });
  });
});

describe('waitForDbContainer', () => {
  test('passes host, port and user as variables to pg_isready, with the given image and resources', () => {
    const c = waitForDbContainer({ image: 'r.f.example/pg:15', host: 'db-f.internal', port: 6432, username: 'user_f', resources }).toKube();
    expect(c.name).toBe('wait-for-db');
    expect(c.image).toBe('r.f.example/pg:15');
    expect(c.env).toEqual([{ name: 'DB_HOST', value: 'db-f.internal' }, { name: 'DB_PORT', value: '6432' }, { name: 'DB_USER', value: 'user_f' }]);
    expect(c.args![0]).toContain('-h "$DB_HOST"');
    expect(c.resources).toBe(resources);
    expect(c.securityContext).toBe(FLYTE_CONTAINER_SECURITY);
    expect(c.volumeMounts).toBeUndefined();
  });
});

describe('flyteContainer', () => {
  test('flyte start over the config folder, the four ports by name, the pod\'s name and namespace before the given variables', () => {
    const probe = { httpGet: { path: '/healthcheck', port: k8s.IntOrString.fromString('http') }, periodSeconds: 7 };
    const c = flyteContainer({ image: 'r.f.example/flyte:1', env: [{ name: 'EXTRA_F', value: 'x' }], probes: { livenessProbe: probe, readinessProbe: probe }, resources }).toKube();
    expect(c.args).toEqual(['start', '--config', '/etc/flyte/config.d/*.yaml']);
    expect(c.ports).toEqual([
      { name: 'http', containerPort: 8088 }, { name: 'grpc', containerPort: 8089 }, { name: 'webhook', containerPort: 9443 }, { name: 'metrics', containerPort: 10254 },
    ]);
    expect(c.env!.map((e) => e.name)).toEqual(['POD_NAME', 'POD_NAMESPACE', 'EXTRA_F']);
    expect(c.startupProbe).toBeUndefined();
    expect(c.livenessProbe).toBe(probe);
  });
});

describe('podPlacement', () => {
  test('nothing set: nothing placed', () => {
    expect(podPlacement(undefined, { app: 'f' })).toEqual({});
    expect(podPlacement({ nodeSelector: {} }, { app: 'f' }).nodeSelector).toBeUndefined();
  });

  test('tolerations default to Equal; spread constraints select the pod and default to ScheduleAnyway', () => {
    const p = podPlacement({
      nodeSelector: { pool: 'flyte-f' },
      tolerations: [{ key: 'dedicated', value: 'flyte-f', effect: 'NoSchedule' }, { operator: 'Exists' }],
      topologySpreadConstraints: [{ maxSkew: 2, topologyKey: 'topology.kubernetes.io/zone' }],
      priorityClassName: 'critical-f',
    }, { app: 'flyte-f' });
    expect(p.nodeSelector).toEqual({ pool: 'flyte-f' });
    expect(p.tolerations).toEqual([{ key: 'dedicated', operator: 'Equal', value: 'flyte-f', effect: 'NoSchedule' }, { operator: 'Exists' }]);
    expect(p.topologySpreadConstraints).toEqual([{ maxSkew: 2, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 'flyte-f' } } }]);
    expect(p.priorityClassName).toBe('critical-f');
  });

  test('a maxSkew below 1 is refused with the construct path; affinity errors name it too', () => {
    expect(() => podPlacement({ topologySpreadConstraints: [{ maxSkew: 0, topologyKey: 'k' }] }, {}, scope())).toThrow(
      'env-f/Flyte: pod.topologySpreadConstraints maxSkew: 0 is not allowed; expected an integer of at least 1',
    );
    expect(() => podPlacement({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [] }] } } } }, {}, scope())).toThrow(
      'env-f/Flyte: pod.affinity.nodeAffinity.required[0].matchExpressions: an empty term matches no node',
    );
  });
});
