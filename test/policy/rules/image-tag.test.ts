import { checkPolicy } from '../../../src/policy/check';
import { CTX, expectOnly, flyte, good, lines } from './fixture';

const breakIt = (o: any[]) => {
  flyte(o).image = 'mirror.corp.example:5443/flyteorg/flyte-binary-release:latest';
  return [
    '[image-tag] Deployment/rel-a-flyte-binary spec.template.spec.containers[flyte].image: image "mirror.corp.example:5443/flyteorg/flyte-binary-release:latest" uses the "latest" tag',
    '[image-inventory] Deployment/rel-a-flyte-binary spec.template.spec.containers[flyte].image: image "mirror.corp.example:5443/flyteorg/flyte-binary-release:latest" is not in the image inventory',
  ];
};

test('image-tag: a violating fixture is reported, and only that', () => {
  expectOnly('image-tag', breakIt);
});

test('every violation says how to fix it', () => {
  const objects = good();
  breakIt(objects);
  const [v] = checkPolicy(objects, CTX).violations;
  expect(v.fix).toBe('pin the image to a release tag (flyte.version) or lock its digest');
});

test('a registry port is not mistaken for a tag, and digests pin', () => {
  const objects = good();
  flyte(objects).image = `mirror.corp.example:5443/flyteorg/flyte-binary-release@sha256:${'1'.repeat(64)}`;
  expect(lines(objects).filter((l) => l.startsWith('[image-tag]'))).toEqual([]);
});
