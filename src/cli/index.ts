/**
 * Entry point of the `enterprise-flyte` command and of the cdk8s app
 * (cdk8s.yaml runs `enterprise-flyte synth`), and of synth's worker threads.
 */
import * as fs from 'fs';
import * as path from 'path';
import { isSynthWorker, runSynthWorker } from '../synth/parallel';
import { runCli } from './run';

if (isSynthWorker()) {
  void runSynthWorker();
} else {
  // Workers start through the launcher, which loads this bundle with its V8 code cache.
  const launcher = path.join(__dirname, '..', 'bin', 'enterprise-flyte.js');
  const workerScript = fs.existsSync(launcher) ? launcher : __filename;
  void runCli(process.argv.slice(2), { cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr, env: process.env, stdin: process.stdin, terminal: Boolean(process.stdin.isTTY && process.stdout.isTTY), workerScript }).then((code) => {
    process.exitCode = code;
  });
}
