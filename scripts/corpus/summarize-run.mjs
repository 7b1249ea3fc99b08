/**
 * Phases 2-4 figures from the per-file results: started and why not, tool calls by verdict
 * (mocks that call nothing upstream are not counted), REST GETs, and the messages grouped so the
 * most frequent failure classes come first.
 */
export function summarizeRun({ results: all }) {
  // Standalone section files are imported, never run: they are not part of the start figures.
  const results = all.filter((r) => !r.library);
  const started = results.filter((r) => r.started);
  const calls = started.flatMap((r) =>
    r.mcp.flatMap((m) => m.calls.map((c) => ({ file: r.file, namespace: m.namespace, ...c }))),
  );
  const counted = calls.filter((c) => c.verdict !== 'no-upstream');
  const count = (verdict) => counted.filter((c) => c.verdict === verdict).length;
  const rest = started.flatMap((r) => r.rest.map((g) => ({ file: r.file, ...g })));
  return {
    sampled: results.length,
    libraries: all.length - results.length,
    started: started.length,
    notStarted: results.filter((r) => !r.started).map((r) => ({ file: r.file, reason: r.reason })),
    mcpErrors: started.flatMap((r) =>
      r.mcp.filter((m) => m.error).map((m) => ({ file: r.file, namespace: m.namespace, error: m.error })),
    ),
    calls: {
      total: counted.length,
      right: count('right'),
      wrongUrl: count('wrong-url'),
      notReached: count('not-reached'),
      timeout: count('timeout'),
      unknown: count('unknown'),
      noUpstream: calls.length - counted.length,
      tools: calls.length,
    },
    parameterIssues: {
      calls: counted.filter((c) => c.parameters).length,
      groups: groupBy(
        counted.flatMap((c) =>
          (c.parameters ?? []).map((detail) => ({ file: c.file, tool: c.tool, detail })),
        ),
      ),
    },
    wrongUrls: counted.filter((c) => c.verdict === 'wrong-url').map(pickCall),
    notReached: groupBy(counted.filter((c) => c.verdict === 'not-reached').map(pickCall)),
    timeouts: counted.filter((c) => c.verdict === 'timeout').map(pickCall),
    unknown: counted.filter((c) => c.verdict === 'unknown').map(pickCall),
    rest: {
      total: rest.length,
      ok: rest.filter((g) => g.ok).length,
      failures: rest
        .filter((g) => !g.ok)
        .map((g) => ({
          file: g.file,
          route: g.route,
          request: g.request,
          status: g.status,
          detail: g.detail,
        })),
    },
  };
}

function pickCall(call) {
  return { file: call.file, tool: call.tool, detail: call.detail, received: call.received };
}

/**
 * Groups by the message with names, quotes and numbers blanked, most frequent first; examples
 * come from distinct files first, and `files` counts the files a group spans.
 */
export function groupBy(items) {
  const groups = new Map();
  for (const item of items) {
    const key = normalizeMessage(item.detail);
    const group = groups.get(key) ?? { message: key, count: 0, files: new Set(), examples: [] };
    group.count++;
    group.files.add(item.file);
    groups.set(key, group);
  }
  for (const group of groups.values()) {
    const members = items.filter((item) => normalizeMessage(item.detail) === group.message);
    const seen = new Set();
    const firsts = members.filter((item) => !seen.has(item.file) && seen.add(item.file));
    group.examples = [...firsts, ...members.filter((item) => !firsts.includes(item))].slice(0, 3);
    group.files = group.files.size;
  }
  return [...groups.values()].sort((a, b) => b.count - a.count);
}

export function normalizeMessage(message = '') {
  return message
    .replace(/`[^`]*`/g, '`…`')
    .replace(/'[^']*'/g, "'…'")
    .replace(/"[^"]*"/g, '"…"')
    .replace(/\/[^\s,;:]+/g, '/…')
    .replace(/\b[\w-]+\.[\w-]+\b/g, '…')
    .replace(/\d+/g, 'N')
    .slice(0, 160);
}
