import { controlExitCodes, controlOptions } from '../control/control-options.js';
import { describeFailure, requestControl, resolveControlTarget } from '../control/request-control.js';
import { defineCommand } from '../define-command.js';
import { ExitCode } from '../exit-code.js';

export const healthCommand = defineCommand({
  name: 'health',
  summary: 'Ask a running control plane whether the capability is live and ready',
  description:
    'Calls /health/live and /health/ready on the control port of a running capability (a\n' +
    '`type: control` expose). Ready means every expose is listening. Exits 1 when it is not.',
  arguments: [],
  options: {
    ...controlOptions,
    json: { type: 'boolean', description: 'Print both answers as JSON' },
  },
  sections: [
    controlExitCodes,
    {
      title: 'Examples',
      lines: ['naftiko health', 'naftiko health --address 127.0.0.1:9091 --token "$CONTROL_TOKEN"'],
    },
  ],
  async run({ values, io }) {
    const target = resolveControlTarget({ command: 'health', ...values, env: io.env });
    const answers: Record<string, unknown> = {};
    let ready = false;
    for (const probe of ['live', 'ready'] as const) {
      const path = `/health/${probe}`;
      const response = await requestControl({ target, path });
      if (!response.ok) {
        io.stderr.write(`naftiko: ${response.message}\n`);
        return ExitCode.INVALID;
      }
      let body: { status?: unknown; exposes?: unknown[]; state?: unknown } | undefined;
      try {
        body = JSON.parse(response.text) as typeof body;
      } catch {
        body = undefined;
      }
      // 503 is a meaningful answer of /health/ready (not ready yet); other errors are failures.
      if (
        body === undefined ||
        (response.status !== 200 && !(probe === 'ready' && response.status === 503))
      ) {
        io.stderr.write(
          `naftiko: ${describeFailure(`${target.baseUrl}${path}`, response.status, response.text)}\n`,
        );
        return ExitCode.INVALID;
      }
      answers[probe] = body;
      if (probe === 'ready') ready = response.status === 200;
      if (!values.json) {
        const detail =
          probe === 'ready' && Array.isArray(body.exposes)
            ? ` (${body.exposes.length} expose${body.exposes.length === 1 ? '' : 's'}, engine ${String(body.state)})`
            : '';
        io.stdout.write(`${probe.padEnd(6)}${String(body.status)}${detail}\n`);
      }
    }
    if (values.json) io.stdout.write(`${JSON.stringify(answers, null, 2)}\n`);
    return ready ? ExitCode.OK : ExitCode.INVALID;
  },
});
