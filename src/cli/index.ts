/**
 * Entry point of the `enterprise-flyte` command and of the cdk8s app
 * (cdk8s.yaml runs `enterprise-flyte synth`).
 */
import { runCli } from './run';

void runCli(process.argv.slice(2), { cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr, env: process.env, stdin: process.stdin, terminal: Boolean(process.stdin.isTTY && process.stdout.isTTY) }).then((code) => {
  process.exitCode = code;
});
