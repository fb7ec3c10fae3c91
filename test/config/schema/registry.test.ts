import { registryIssues } from '../../../src/config/schema/registry';

describe('registryIssues', () => {
  const registry = (host: string, pullSecret?: string) => ({ host, pullSecret, mapping: 'path' as const });

  test('a registry other than ECR needs a pull Secret', () => {
    expect(registryIssues(registry('harbor.corp.example/flyte'))).toEqual([
      { path: ['registry', 'pullSecret'], input: undefined, message: 'expected the name of the pull Secret; only an ECR registry ("<account>.dkr.ecr.<region>.amazonaws.com") may go without one' },
    ]);
    expect(registryIssues(registry('harbor.corp.example/flyte', 'harbor-pull'))).toEqual([]);
  });

  test('ECR, with or without a path prefix, and no registry at all need none', () => {
    expect(registryIssues(registry('123456789012.dkr.ecr.eu-west-3.amazonaws.com'))).toEqual([]);
    expect(registryIssues(registry('123456789012.dkr.ecr.eu-west-3.amazonaws.com/flyte'))).toEqual([]);
    expect(registryIssues(undefined)).toEqual([]);
  });
});
