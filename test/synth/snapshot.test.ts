/** Review aid: every file synth writes for every committed environment. Targeted assertions live in the other tests. */
import { generate } from '../../src/synth/generate';
import { ROOT } from '../helpers';

describe('snapshots of dist/', () => {
  test('every environment file', async () => {
    const { files } = await generate(ROOT);
    for (const f of files) {
      if (f.path.endsWith('.tgz') || f.path.endsWith('.tar.gz')) continue; // binary; its content is covered by the files it packs
      expect(String(f.content)).toMatchSnapshot(f.path);
    }
  });
});
