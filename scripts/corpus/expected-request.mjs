const PLACEHOLDER = /\{\{?\s*([^{}\s]+)\s*\}?\}/g;

/**
 * What an action should send upstream, from the YAML alone: `call: ns.op` (or each `call` step)
 * -> the consumes operation's method and resource path (+ operation `path`), each `{param}`
 * replaced by its value as one segment, then the `in: path` parameters whose placeholder is not in
 * the path appended as trailing segments in declared order (the convention the community files
 * mean). Values come from `with` (`tools.x`, `rest.x`, `<expose-ns>.x`, `{{...}}` templates,
 * literals), else the parameter's own `value`, else the caller's argument of the same name.
 *
 * Returns a list of expected requests `{ method, segments, query, headers }` (decoded path
 * segments below the namespace's base; `null` matches any value, for values that depend on an
 * earlier step's response; the query and header parameters that have a scalar value), or `{ error }` when the YAML itself gives a path parameter no value, or
 * `{ unknown }` when the target is not a consumes operation (aggregates, mocks).
 */
export function expectedRequests({ plan, action: written, args, exposeNamespace, exposeAlias }) {
  // A `ref` runs the aggregate function (an ikanos flow) it names, with the same arguments.
  const action =
    typeof written.ref === 'string' && plan.functions?.has(written.ref)
      ? {
          ...plan.functions.get(written.ref),
          ...written,
          ref: undefined,
          ...pick(plan.functions.get(written.ref)),
        }
      : written;
  const calls = [];
  if (typeof action.call === 'string') calls.push({ call: action.call, with: action.with });
  const steps = Array.isArray(action.steps)
    ? action.steps
    : action.steps && typeof action.steps === 'object'
      ? Object.entries(action.steps).map(([name, step]) => ({ name, ...step }))
      : [];
  for (const step of steps) {
    if (step && typeof step.call === 'string')
      calls.push({ call: step.call, with: step.with, name: step.name });
  }
  if (calls.length === 0) return { requests: [] };
  const requests = [];
  for (const [index, call] of calls.entries()) {
    const target = findOperation(plan, call.call);
    if (target === undefined) return { unknown: `\`${call.call}\` is not a consumes operation` };
    const context = {
      args,
      values: plan.values,
      prefixes: new Set([exposeAlias, exposeNamespace].filter(Boolean)),
      // An earlier step's output is known only at run time.
      steps: new Set(
        calls
          .slice(0, index)
          .map((c) => c.name)
          .filter(Boolean),
      ),
    };
    const withSpec = call.with && typeof call.with === 'object' ? call.with : {};
    const valueFor = (name) => {
      if (Object.hasOwn(withSpec, name)) return resolveWith(withSpec[name], context);
      const parameter = target.operation.parameters.find((p) => p.name === name);
      if (parameter && parameter.value !== undefined) return resolveWith(parameter.value, context);
      return args[name];
    };
    const segments = [];
    const placed = new Set();
    for (const segment of target.operation.path.split('/').slice(1)) {
      let missing;
      let fuzzy = false;
      const text = segment.replace(PLACEHOLDER, (_, name) => {
        placed.add(name);
        const value = valueFor(name);
        if (value === FUZZY) fuzzy = true;
        else if (value === undefined || value === null) missing = name;
        return value === FUZZY || value === undefined || value === null ? '' : String(value);
      });
      if (missing !== undefined && !fuzzy) {
        return { error: `path parameter \`${missing}\` of ${call.call} has no value` };
      }
      segments.push(fuzzy ? null : text);
    }
    for (const parameter of target.operation.parameters) {
      if (String(parameter.in ?? '').toLowerCase() !== 'path' || placed.has(parameter.name)) continue;
      const value = valueFor(parameter.name);
      if (value === FUZZY) segments.push(null);
      else if (value !== undefined && value !== null) segments.push(String(value));
      else if (parameter.required === true) {
        return { error: `path parameter \`${parameter.name}\` of ${call.call} has no value` };
      }
    }
    // Query and header parameters with a known scalar value: checked on calls whose URL is right.
    const query = {};
    const headers = {};
    for (const parameter of target.operation.parameters) {
      const where = String(parameter.in ?? '').toLowerCase();
      if (where !== 'query' && where !== 'header') continue;
      const value = valueFor(parameter.name);
      if (!['string', 'number', 'boolean'].includes(typeof value)) continue;
      (where === 'query' ? query : headers)[parameter.name] = String(value);
    }
    requests.push({
      method: target.operation.method,
      namespace: target.namespace,
      segments: trimSlash(segments),
      query,
      headers,
    });
  }
  return { requests };
}

/** A value known only at run time (an earlier step's output): matches any one segment. */
const FUZZY = Symbol('fuzzy');

function resolveWith(value, context) {
  if (typeof value !== 'string') return value;
  const reference = /^([\w-]+)\.([^\s{}]+)$/.exec(value);
  if (reference && context.prefixes.has(reference[1])) return context.args[reference[2]];
  if (reference && context.steps.has(reference[1])) return FUZZY;
  if (!value.includes('{{')) return value;
  let fuzzy = false;
  const text = value.replace(/\{\{\s*([^{}\s]+)\s*\}\}/g, (_, expression) => {
    const dot = expression.indexOf('.');
    const head = dot < 0 ? '' : expression.slice(0, dot);
    const tail = dot < 0 ? expression : expression.slice(dot + 1);
    let resolved;
    if (context.prefixes.has(head)) resolved = context.args[tail];
    else if (expression in context.values) resolved = context.values[expression];
    else if (dot < 0) resolved = context.args[expression];
    else if (context.steps.has(head)) fuzzy = true;
    return resolved === undefined || resolved === null ? '' : String(resolved);
  });
  return fuzzy ? FUZZY : text;
}

export function findOperation(plan, target) {
  for (const consumes of plan.consumes) {
    if (typeof consumes.namespace !== 'string' || !target.startsWith(`${consumes.namespace}.`)) continue;
    const operation = consumes.operations.get(target.slice(consumes.namespace.length + 1));
    if (operation) return { namespace: consumes.namespace, operation };
  }
  return undefined;
}

/** `/a/b/` and `/a/b` are one resource: a trailing empty segment is dropped on both sides. */
export function trimSlash(segments) {
  return segments.length > 0 && segments.at(-1) === '' ? segments.slice(0, -1) : segments;
}

export function describeExpected(request) {
  return `${request.method} /${request.segments.map((s) => s ?? '*').join('/')}`;
}

/** The expectation in one line, for reports: each request, or why there is none. */
export function describeExpectation(expected) {
  if (expected.unknown) return `not judged: ${expected.unknown}`;
  if (expected.error) return `no request: ${expected.error}`;
  if (expected.requests.length === 0) return 'no upstream request';
  return expected.requests.map(describeExpected).join(' then ');
}

/** What a referenced function contributes: how it calls upstream. */
function pick(fn) {
  return { call: fn.call, with: fn.with, steps: fn.steps };
}
