#!/usr/bin/env node
import { runSandboxCli } from './run-sandbox-cli.js';

const result = await runSandboxCli({
  argv: process.argv.slice(2),
  io: { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) },
});
if (typeof result === 'number') {
  process.exitCode = result;
} else {
  const stop = (): void => {
    void result.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
