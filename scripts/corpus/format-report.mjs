import { groupBy } from './summarize-run.mjs';

/** The issue's aims, each with the measured figure and whether it is met. */
export function compareWithAims({ validation, run }) {
  const pct = (a, b) => (b === 0 ? 0 : (100 * a) / b);
  const accepted = pct(validation.accepted, validation.files);
  const right = pct(run.calls.right, run.calls.total);
  const rest = pct(run.rest.ok, run.rest.total);
  return [
    {
      aim: 'accepted by validate',
      target: '>= 85%',
      measured: `${accepted.toFixed(1)}% (${validation.accepted}/${validation.files})`,
      met: accepted >= 85,
    },
    {
      aim: 'sampled accepted files that start',
      target: 'all',
      measured: `${run.started}/${run.sampled}`,
      met: run.started === run.sampled,
    },
    {
      aim: 'tool calls right (method + path)',
      target: '>= 98%',
      measured: `${right.toFixed(1)}% (${run.calls.right}/${run.calls.total})`,
      met: run.calls.total > 0 && right >= 98,
    },
    {
      aim: 'tool calls to a wrong URL',
      target: '0',
      measured: String(run.calls.wrongUrl),
      met: run.calls.wrongUrl === 0,
    },
    {
      aim: 'REST GETs 2xx, right upstream',
      target: '>= 95%',
      measured: `${rest.toFixed(1)}% (${run.rest.ok}/${run.rest.total})`,
      met: run.rest.total > 0 && rest >= 95,
    },
  ];
}

/** The text report: the aims table first, then each breakdown, most frequent first. */
export function formatReport({ folders, validation, run, migration, aims, unattributed, seconds }) {
  const out = [];
  out.push(`naftiko corpus report: ${folders.join(', ')}`, '');
  out.push(
    table(
      ['aim', 'target', 'measured', 'met'],
      aims.map((a) => [a.aim, a.target, a.measured, a.met ? 'yes' : 'NO']),
    ),
  );
  out.push(
    '',
    `tool calls: ${run.calls.tools} tools in ${run.started} started files; ${run.calls.right} right, ` +
      `${run.calls.wrongUrl} wrong URL, ${run.calls.notReached} not reached, ${run.calls.timeout} timed out, ` +
      `${run.calls.unknown} not judged, ${run.calls.noUpstream} call nothing upstream (not counted)`,
  );
  out.push('', '## validate: accepted by group', '');
  out.push(
    table(
      ['group', 'files', 'accepted', '%'],
      validation.groups.map((g) => [
        g.group,
        String(g.files),
        String(g.accepted),
        `${((100 * g.accepted) / g.files).toFixed(1)}%`,
      ]),
    ),
  );
  out.push('', '## validate: error codes by files rejected (alone = the only error code in the file)', '');
  out.push(
    table(
      ['code', 'files', 'alone'],
      validation.codes.map((c) => [c.code, String(c.files), String(c.alone)]),
    ),
  );
  for (const code of validation.codes) {
    out.push('', `${code.code}:`);
    for (const example of code.examples) out.push(`  ${example.file}  ${oneLine(example.message, 150)}`);
  }
  out.push(
    '',
    `## start: ${run.started}/${run.sampled} started${run.libraries ? ` (${run.libraries} standalone section files, imported by others, not run)` : ''}`,
  );
  for (const group of groupBy(run.notStarted.map((n) => ({ ...n, detail: n.reason })))) {
    out.push('', `${group.count} x (${group.files} files) ${group.message}`);
    for (const example of group.examples) out.push(`  ${example.file}: ${oneLine(example.reason, 200)}`);
  }
  for (const failure of run.mcpErrors)
    out.push(`  MCP client failed on ${failure.file} ${failure.namespace}: ${failure.error}`);
  out.push('', `## calls: ${run.calls.wrongUrl} wrong URLs`);
  for (const call of run.wrongUrls) out.push(`  ${call.file} ${call.tool}: ${oneLine(call.detail, 220)}`);
  out.push('', `## calls: ${run.calls.notReached} not reached, by message`);
  for (const group of run.notReached) {
    out.push('', `${group.count} x (${group.files} files) ${group.message}`);
    for (const example of group.examples)
      out.push(`  ${example.file} ${example.tool}: ${oneLine(example.detail, 200)}`);
  }
  if (run.timeouts.length > 0) {
    out.push('', `## calls: ${run.timeouts.length} timed out`);
    for (const call of run.timeouts) out.push(`  ${call.file} ${call.tool}: ${oneLine(call.detail, 160)}`);
  }
  if (run.unknown.length > 0) {
    out.push('', `## calls: ${run.unknown.length} not judged by the harness`);
    for (const call of run.unknown) out.push(`  ${call.file} ${call.tool}: ${oneLine(call.detail, 160)}`);
  }
  out.push(
    '',
    `## calls: ${run.parameterIssues.calls} right URLs with a query or header parameter not sent as the YAML says (not in the aims)`,
  );
  for (const group of run.parameterIssues.groups) {
    out.push('', `${group.count} x (${group.files} files) ${group.message}`);
    for (const example of group.examples)
      out.push(`  ${example.file} ${example.tool}: ${oneLine(example.detail, 200)}`);
  }
  out.push('', `## REST GET: ${run.rest.ok}/${run.rest.total} 2xx with the right upstream URL`);
  for (const group of groupBy(run.rest.failures)) {
    out.push('', `${group.count} x (${group.files} files) ${group.message}`);
    for (const f of group.examples)
      out.push(`  ${f.file} ${f.route} (${f.request}): ${oneLine(f.detail, 200)}`);
  }
  if (migration) {
    out.push(
      '',
      `## migrate: ${migration.migrated}/${migration.files} accepted capabilities migrate (alpha2 -> ikanos 1.0.0-beta5, ikanos -> alpha2) and validate; ${migration.back} migrate back; ${migration.same} give the model they started from`,
    );
    for (const group of migration.failures) {
      out.push('', `${group.code}: ${group.files} files`);
      for (const example of group.examples) out.push(`  ${example}`);
    }
  }
  if (unattributed > 0) out.push('', `${unattributed} upstream requests arrived outside every file's prefix`);
  out.push('', `finished in ${seconds.toFixed(0)} s`);
  return `${out.join('\n')}\n`;
}

function oneLine(text = '', max) {
  const line = String(text).replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function table(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}
