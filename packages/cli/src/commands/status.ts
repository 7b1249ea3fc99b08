import { controlExitCodes, controlOptions } from '../control/control-options.js';
import { describeFailure, requestControl, resolveControlTarget } from '../control/request-control.js';
import { defineCommand } from '../define-command.js';
import { ExitCode } from '../exit-code.js';

interface StatusBody {
  status?: string;
  state?: string;
  capability?: { label?: string; naftiko?: string };
  engine?: { name?: string; version?: string; node?: string };
  uptimeSeconds?: number | null;
  exposes?: { type: string; namespace?: string; urls?: string[] }[];
}

export const statusCommand = defineCommand({
  name: 'status',
  summary: 'Show what a running capability serves: exposes, addresses, uptime',
  description:
    'Calls /status on the control port of a running capability (a `type: control` expose) and\n' +
    'prints the capability, the engine version, its state and uptime, and every expose with the\n' +
    'addresses it listens on.',
  arguments: [],
  options: {
    ...controlOptions,
    json: { type: 'boolean', description: 'Print the /status document as JSON' },
  },
  sections: [controlExitCodes, { title: 'Examples', lines: ['naftiko status', 'naftiko status --json'] }],
  async run({ values, io }) {
    const target = resolveControlTarget({ command: 'status', ...values, env: io.env });
    const response = await requestControl({ target, path: '/status' });
    if (!response.ok) {
      io.stderr.write(`naftiko: ${response.message}\n`);
      return ExitCode.INVALID;
    }
    let body: StatusBody;
    try {
      body = JSON.parse(response.text) as StatusBody;
    } catch {
      body = {};
    }
    if (response.status !== 200 || typeof body.state !== 'string') {
      io.stderr.write(
        `naftiko: ${describeFailure(`${target.baseUrl}/status`, response.status, response.text)}\n`,
      );
      return ExitCode.INVALID;
    }
    if (values.json) {
      io.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
      return ExitCode.OK;
    }
    const { capability = {}, engine = {} } = body;
    const lines = [
      ['capability', `${capability.label ?? '(no label)'} (naftiko ${capability.naftiko ?? '?'})`],
      ['engine', `${engine.name ?? 'naftiko'} ${engine.version ?? '?'} on Node ${engine.node ?? '?'}`],
      [
        'state',
        `${body.state} (${body.status ?? '?'})${typeof body.uptimeSeconds === 'number' ? `, up ${formatUptime(body.uptimeSeconds)}` : ''}`,
      ],
    ];
    for (const [index, expose] of (body.exposes ?? []).entries()) {
      const name = expose.namespace === undefined ? expose.type : `${expose.type} ${expose.namespace}`;
      lines.push([
        index === 0 ? 'exposes' : '',
        `${name}  ${(expose.urls ?? []).join(' ') || '(not listening)'}`,
      ]);
    }
    for (const [label, text] of lines) io.stdout.write(`${(label ?? '').padEnd(12)}${text}\n`);
    return ExitCode.OK;
  },
});

function formatUptime(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h > 0 ? `${h}h ${m}m ${s}s` : m > 0 ? `${m}m ${s}s` : `${s}s`;
}
