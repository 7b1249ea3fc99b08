import { classifyCall } from './classify-call.mjs';
import { describeExpectation, expectedRequests, findOperation } from './expected-request.mjs';

/**
 * Phase 4 for one REST listener: the first GET operation that calls upstream, with plain HTTP.
 * Path parameters get `<name>-1` (1 when declared numeric, by the route or the consumed
 * operation it calls); every other argument the operation
 * reads (`with` references, declared query parameters) goes in the query string, since a GET
 * takes its arguments from path and query. Verdict `ok` needs a 2xx and the right upstream URL.
 */
export async function callRestGet({ url, expose, plan, upstream, fileIndex, timeoutMs = 8_000 }) {
  const operation = expose.operations.find((op) => op.method === 'GET' && (op.call || op.steps));
  if (operation === undefined) return undefined;
  const args = {};
  const declared = new Map(operation.parameters.map((p) => [p.name, p]));
  const path = operation.resourcePath.replace(/\{\{?\s*([^{}\s]+)\s*\}?\}/g, (_, name) => {
    args[name] = sampleValue(name, declared.get(name));
    return encodeURIComponent(String(args[name]));
  });
  const query = new URLSearchParams();
  const wanted = new Set();
  for (const parameter of operation.parameters) {
    if (String(parameter.in ?? 'query').toLowerCase() === 'query') wanted.add(parameter.name);
  }
  const prefixes = new Set(['rest', expose.namespace]);
  for (const value of Object.values(operation.with ?? {})) {
    if (typeof value !== 'string') continue;
    const references = [value, ...[...value.matchAll(/\{\{\s*([^{}\s]+)\s*\}\}/g)].map((m) => m[1])];
    for (const reference of references) {
      const match = /^([\w-]+)\.([^\s{}]+)$/.exec(reference);
      if (match && prefixes.has(match[1])) wanted.add(match[2]);
    }
  }
  // A route that declares no inputs takes the consumed operation's path and query parameters
  // that `with` does not fix (the rule the issue gives for tools).
  const consumed = new Map();
  const loose = (name) => name.toLowerCase().replace(/[-_]/g, '');
  const placeholders = new Map(Object.keys(args).map((name) => [loose(name), name]));
  // A consumed placeholder named like a route placeholder but for case or separators
  // (`{account_id}` under the route's `{account-id}`) takes that value: the caller filled it.
  if (typeof operation.call === 'string') {
    const path = findOperation(plan, operation.call)?.operation.path ?? '';
    for (const [, name] of path.matchAll(/\{\{?\s*([^{}\s]+)\s*\}?\}/g)) {
      const placeholder = placeholders.get(loose(name));
      if (!(name in args) && placeholder !== undefined) args[name] = args[placeholder];
    }
  }
  if (operation.parameters.length === 0 && typeof operation.call === 'string') {
    const target = findOperation(plan, operation.call);
    for (const parameter of target?.operation.parameters ?? []) {
      consumed.set(parameter.name, parameter);
      const where = String(parameter.in ?? 'query').toLowerCase();
      if ((where === 'query' || where === 'path') && !Object.hasOwn(operation.with ?? {}, parameter.name)) {
        wanted.add(parameter.name);
      }
    }
  }
  // A `with` name that differs from a path placeholder only in case or separators (`taskId`
  // for `{taskid}`) is the path's value: a caller fills the path, not the query as well.
  for (const name of wanted) {
    if (name in args) continue;
    const placeholder = placeholders.get(loose(name));
    if (placeholder !== undefined) {
      args[name] = args[placeholder];
      continue;
    }
    // Typed as the route declares it, else as the consumed operation does (an integer `limit`).
    args[name] = sampleValue(name, declared.get(name) ?? consumed.get(name));
    query.set(name, String(args[name]));
  }
  const target = `${url.replace(/\/+$/, '')}${path}${query.size > 0 ? `?${query}` : ''}`;
  const expected = expectedRequests({
    plan,
    action: operation,
    args,
    exposeNamespace: expose.namespace,
    exposeAlias: 'rest',
  });
  upstream.clear(fileIndex);
  const outcome = {};
  let status = 0;
  let body = '';
  try {
    const response = await fetch(target, {
      headers: expose.headers ?? {},
      signal: AbortSignal.timeout(timeoutMs),
    });
    status = response.status;
    body = (await response.text()).slice(0, 2000);
    if (status < 200 || status > 299) outcome.message = `HTTP ${status}: ${errorText(body)}`;
  } catch (error) {
    if (error?.name === 'TimeoutError') outcome.timeout = true;
    outcome.message = String(error?.message ?? error).slice(0, 300);
  }
  const received = upstream.requestsOf(fileIndex);
  const verdict = classifyCall({ expected, received, outcome });
  const ok = status >= 200 && status <= 299 && verdict.verdict === 'right';
  return {
    route: `GET ${operation.resourcePath}`,
    request: target.slice(url.length),
    status,
    ok,
    expected: describeExpectation(expected),
    ...verdict,
    ...(status >= 200 && status <= 299 ? {} : { detail: outcome.message ?? verdict.detail }),
    received: received.map((r) => `${r.method} ${r.path}${r.query ? `?${r.query}` : ''}`),
  };
}

function sampleValue(name, parameter) {
  const type = parameter?.type;
  if (type === 'integer' || type === 'number') return 1;
  if (type === 'boolean') return true;
  return `${name.replace(/[^A-Za-z0-9_-]/g, '_') || 'v'}-1`;
}

/** The error's own words: `detail` / `message` / `title` of a JSON body, else the body. */
function errorText(body) {
  try {
    const parsed = JSON.parse(body);
    const text = parsed?.detail ?? parsed?.message ?? parsed?.error?.message ?? parsed?.title;
    if (typeof text === 'string') return text;
  } catch {}
  return body.replace(/\s+/g, ' ');
}
