import { expectOnly } from './fixture';

test('service-selects-pod: a violating fixture is reported, and only that', () => {
  expectOnly('service-selects-pod', (o) => {
    o.find((x) => x.kind === 'Service' && x.metadata.name === 'rel-a-flyte-binary-grpc').spec.selector['app.kubernetes.io/instance'] = 'other';
    return '[service-selects-pod] Service/rel-a-flyte-binary-grpc spec.selector: the selector matches no pod';
  });
});
