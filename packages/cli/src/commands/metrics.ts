import { controlExitCodes, controlOptions } from '../control/control-options.js';
import { describeFailure, requestControl, resolveControlTarget } from '../control/request-control.js';
import { defineCommand } from '../define-command.js';
import { ExitCode } from '../exit-code.js';
import { UsageError } from '../usage-error.js';

export const metricsCommand = defineCommand({
  name: 'metrics',
  summary: 'Print the Prometheus metrics of a running capability',
  description:
    'Fetches /metrics from the control port of a running capability (a `type: control` expose):\n' +
    'request counts by outcome, durations, upstream statuses and in-flight runs per tool and\n' +
    'operation, in the Prometheus text format.',
  arguments: [],
  options: {
    ...controlOptions,
    filter: {
      type: 'string',
      valueName: 'regex',
      description: 'Print only the lines matching this regular expression',
    },
  },
  sections: [
    controlExitCodes,
    {
      title: 'Examples',
      lines: ['naftiko metrics', "naftiko metrics --filter 'naftiko_action_requests_total'"],
    },
  ],
  async run({ values, io }) {
    let filter: RegExp | undefined;
    if (values.filter !== undefined) {
      try {
        filter = new RegExp(values.filter);
      } catch (error) {
        throw new UsageError(
          `--filter '${values.filter}' is not a valid regular expression: ${(error as Error).message}`,
          {
            command: 'metrics',
          },
        );
      }
    }
    const target = resolveControlTarget({ command: 'metrics', ...values, env: io.env });
    const response = await requestControl({ target, path: '/metrics' });
    if (!response.ok) {
      io.stderr.write(`naftiko: ${response.message}\n`);
      return ExitCode.INVALID;
    }
    if (response.status !== 200 || !response.contentType.startsWith('text/plain')) {
      io.stderr.write(
        `naftiko: ${describeFailure(`${target.baseUrl}/metrics`, response.status, response.text)}\n`,
      );
      return ExitCode.INVALID;
    }
    const text = filter
      ? response.text
          .split('\n')
          .filter((line) => filter.test(line))
          .map((line) => `${line}\n`)
          .join('')
      : response.text;
    io.stdout.write(text);
    return ExitCode.OK;
  },
});
