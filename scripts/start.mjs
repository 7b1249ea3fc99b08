#!/usr/bin/env node
// `pnpm start`: the main job. Runs the seed capability as an MCP server against the real
// Managed Agents API when ANTHROPIC_API_KEY is set, and against the built-in sandbox upstream
// (offline, no key needed) when it is not. Extra arguments go to `naftiko run`.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../packages/cli/dist/naftiko.mjs', import.meta.url));
const capability = fileURLToPath(new URL('../capabilities/managed-agents-sessions.yaml', import.meta.url));
const args = ['run', capability, ...process.argv.slice(2)];
if (!process.env.ANTHROPIC_API_KEY && !args.includes('--sandbox')) {
  process.stderr.write(
    'ANTHROPIC_API_KEY is not set: running against the built-in sandbox upstream (--sandbox).\n',
  );
  args.push('--sandbox');
}
const child = spawn(process.execPath, [bin, ...args], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
