import { expect, test } from 'vitest';
import * as cli from './index.js';

test('the public API is exactly this list (adding a name is an API change)', () => {
  expect(Object.keys(cli).sort()).toMatchInlineSnapshot(`
    [
      "ExitCode",
      "JSON_REPORT_VERSION",
      "SARIF_SCHEMA_URI",
      "UsageError",
      "commands",
      "createProcessIo",
      "defineCommand",
      "formatGithub",
      "formatJson",
      "formatSarif",
      "formatText",
      "isUsageError",
      "main",
      "resolveInputs",
      "summarizeReports",
      "validateFiles",
    ]
  `);
});
