import { printable } from '../printable';
import * as fs from 'fs';
import * as path from 'path';
import { synth } from '../synth/synth';
import { parseFlags } from './flags';
import type { Io } from './io';
import { threading } from './threads';

/** `enterprise-flyte synth`: every environment into dist/. */
export async function synthCommand(argv: string[], io: Io): Promise<number> {
  parseFlags('synth', argv, {});
  const result = await synth({ root: io.cwd, ...threading(io), onWait: (m) => io.stderr.write(`enterprise-flyte: ${printable(m)}\n`) });
  // Under `cdk8s synth`, also hand the plain manifests to the CLI for its validation report.
  const cliOutdir = (io.env ?? process.env).CDK8S_OUTDIR;
  if (cliOutdir) {
    const dir = path.resolve(io.cwd, cliOutdir);
    fs.mkdirSync(dir, { recursive: true });
    for (const env of result.envs) {
      const docs = result.files.filter((f) => f.path.startsWith(`${env}/manifests/`)).map((f) => String(f.content));
      fs.writeFileSync(path.join(dir, `${env}.k8s.yaml`), docs.join('---\n'));
    }
  }
  for (const w of result.warnings) io.stderr.write(`enterprise-flyte: warning: ${printable(w)}\n`);
  io.stdout.write(`synthesised ${result.envs.join(', ')} into dist/ (${result.files.length} files)\n`);
  return 0;
}
