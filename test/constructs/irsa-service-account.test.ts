import { App, Chart } from 'cdk8s';
import { IrsaServiceAccount } from '../../src/constructs/irsa-service-account';

function render(props: Partial<ConstructorParameters<typeof IrsaServiceAccount>[2]> = {}) {
  const chart = new Chart(new App({ outdir: '.' }), 'c');
  new IrsaServiceAccount(chart, 'Sa', { name: 'sa-q', namespace: 'ns-q', roleArn: 'arn:aws-us-gov:iam::222222222222:role/q', ...props });
  return chart.toJson()[0];
}

describe('IrsaServiceAccount', () => {
  test('annotates the role and asks for regional STS by default', () => {
    const sa = render();
    expect(sa.kind).toBe('ServiceAccount');
    expect(sa.metadata).toMatchObject({ name: 'sa-q', namespace: 'ns-q' });
    expect(sa.metadata.annotations).toEqual({
      'eks.amazonaws.com/role-arn': 'arn:aws-us-gov:iam::222222222222:role/q',
      'eks.amazonaws.com/sts-regional-endpoints': 'true',
    });
  });

  test('does not mount API tokens into every pod by default', () => {
    expect(render().automountServiceAccountToken).toBe(false);
  });

  test('stsRegionalEndpoints: false drops the annotation', () => {
    expect(render({ stsRegionalEndpoints: false }).metadata.annotations['eks.amazonaws.com/sts-regional-endpoints']).toBeUndefined();
  });

  test('image pull secrets by name', () => {
    expect(render({ imagePullSecrets: ['one', 'two'] }).imagePullSecrets).toEqual([{ name: 'one' }, { name: 'two' }]);
    expect(render().imagePullSecrets).toBeUndefined();
  });

  test('EKS Pod Identity: no annotation at all (the association names the role); the rest unchanged', () => {
    const sa = render({ credentials: 'podIdentity', imagePullSecrets: ['pull'] });
    expect(sa.metadata.annotations).toBeUndefined();
    expect(sa.metadata).toMatchObject({ name: 'sa-q', namespace: 'ns-q' });
    expect(sa.automountServiceAccountToken).toBe(false);
    expect(sa.imagePullSecrets).toEqual([{ name: 'pull' }]);
    expect(() => render({ credentials: 'kiam' as never })).toThrow('c/Sa: credentials: "kiam" is not allowed; expected "irsa" or "podIdentity"');
  });

  test('labels', () => {
    expect(render({ labels: { team: 'ml' } }).metadata.labels).toEqual({ team: 'ml' });
  });

  test.each([
    ['arn:aws:iam::123:role/x', 'c/Sa: roleArn: "arn:aws:iam::123:role/x" is not allowed; expected an IAM role ARN'],
    ['arn:aws:iam::123456789012:user/x', 'c/Sa: roleArn: "arn:aws:iam::123456789012:user/x" is not allowed'],
    ['arn:aws:s3:::bucket', 'c/Sa: roleArn: "arn:aws:s3:::bucket" is not allowed'],
  ])('rejects role ARN %s', (roleArn, message) => {
    expect(() => render({ roleArn })).toThrow(message);
  });

  test('rejects a bad pull secret name', () => {
    expect(() => render({ imagePullSecrets: ['Bad_Name'] })).toThrow('c/Sa: imagePullSecrets: "Bad_Name" is not allowed');
  });
});
