import { ANNOTATIONS_MAX_BYTES } from '../../../src/config/schema';
import { ingressIssues } from '../../../src/config/schema/ingress';
import { Shown } from '../../../src/config/shown';

describe('ingressIssues', () => {
  const ingress = (shared: number, http: number, grpc: number) => ({
    host: 'flyte.corp.example',
    className: 'nginx',
    annotations: { 'a.example/shared': 'x'.repeat(shared) },
    httpAnnotations: { 'a.example/http': 'h'.repeat(http) },
    grpcAnnotations: { 'a.example/grpc': 'g'.repeat(grpc) },
  });
  const keys = 'a.example/shared'.length + 'a.example/http'.length;

  test('the shared annotations count on each Ingress: only the side over the limit is refused', () => {
    const issues = ingressIssues(ingress(ANNOTATIONS_MAX_BYTES / 2, ANNOTATIONS_MAX_BYTES / 2, 10));
    expect(issues.map((i) => ({ path: i.path, message: i.message }))).toEqual([
      { path: ['ingress', 'httpAnnotations'], message: `expected at most ${ANNOTATIONS_MAX_BYTES} bytes of annotations together with ingress.annotations (the Kubernetes limit)` },
    ]);
    // The value is summarised, never repeated.
    expect(issues[0].input).toEqual(new Shown(`annotations of ${ANNOTATIONS_MAX_BYTES + keys} bytes`));
  });

  test('exactly at the limit is accepted; no Ingress gives nothing', () => {
    expect(ingressIssues(ingress(ANNOTATIONS_MAX_BYTES / 2, ANNOTATIONS_MAX_BYTES / 2 - keys, 0))).toEqual([]);
    expect(ingressIssues(undefined)).toEqual([]);
  });
});
