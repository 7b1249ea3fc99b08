import { parse } from 'yaml';

/**
 * What the harness needs from a capability, read from its YAML with the `yaml` package and
 * nothing of the engine (so the expected URLs are an independent opinion): consumes operations,
 * exposes with their tools and REST operations, and a dummy value for every bind variable.
 * Lists of named items may also be maps keyed by name (the beta dialect); both are read.
 * With `readFile` (a path relative to the capability -> its text, or undefined), imported entries
 * (`import` + `from`/`location`) and the values of `file:///` binds are read too.
 */
/** @param {{ text: string, readFile?: (path: string) => string | undefined }} options */
export function readCapabilityPlan({ text, readFile = () => undefined }) {
  const doc = parse(text, { uniqueKeys: false, maxAliasCount: 1000 }) ?? {};
  const capability = doc.capability ?? {};
  /** @type {(section: string, entries: Record<string, any>[]) => Record<string, any>[]} */
  const imported = (section, entries) => entries.map((entry) => resolveImport(section, entry, readFile));
  const binds = imported('binds', [...asList(doc.binds), ...asList(capability.binds)]);
  const env = {};
  const values = {};
  const fileBinds = [];
  for (const bind of binds) {
    if (typeof bind.location === 'string' && bind.location !== '') fileBinds.push(bind.location);
    const keys = bind.keys && typeof bind.keys === 'object' ? bind.keys : {};
    const fileValues = typeof bind.location === 'string' ? readValues(bind.location, readFile) : {};
    for (const [variable, envName] of Object.entries(keys)) {
      const name = typeof envName === 'string' && envName !== '' ? envName : variable;
      const value = typeof fileValues[name] === 'string' ? fileValues[name] : `dummy-${variable}`;
      if (!(typeof bind.location === 'string' && bind.location !== '')) env[name] = value;
      values[variable] = value;
      if (typeof bind.namespace === 'string') values[`${bind.namespace}.${variable}`] = value;
    }
  }
  // Variables no bind declares: the compatible dialect reads them from the environment. Only
  // upper-case names, so a tool argument is never given a value behind the caller's back.
  for (const name of templateVariables(doc)) {
    const bare = name.startsWith('env.') ? name.slice(4) : name;
    if (!/^[A-Z][A-Z0-9_]*$/.test(bare) || bare in env) continue;
    env[bare] = `dummy-${bare}`;
    values[bare] ??= env[bare];
    values[`env.${bare}`] ??= env[bare];
  }

  const consumes = imported('consumes', asList(capability.consumes)).map((entry) => {
    const operations = new Map();
    for (const resource of asList(entry.resources)) {
      for (const operation of asList(resource.operations)) {
        operations.set(operation.name, {
          name: operation.name,
          method: String(operation.method ?? 'GET').toUpperCase(),
          path: joinPath(
            String(resource.path ?? ''),
            typeof operation.path === 'string' ? operation.path : '',
          ),
          parameters: [...asList(resource.inputParameters), ...asList(operation.inputParameters)],
        });
      }
    }
    const namespace = typeof entry.namespace === 'string' ? entry.namespace : entry.import;
    return { namespace, imported: entry.import !== undefined, operations };
  });

  const exposes = imported('exposes', asList(capability.exposes)).map((expose) => ({
    type: expose.type,
    namespace: expose.namespace,
    headers: clientHeaders(expose.authentication, values),
    portKey: expose.type === 'control' ? 'control' : expose.namespace,
    tools: new Map(asList(expose.tools).map((tool) => [tool.name, tool])),
    operations: asList(expose.resources).flatMap((resource) =>
      asList(resource.operations).map((operation) => ({
        ...operation,
        method: String(operation.method ?? 'GET').toUpperCase(),
        resourcePath: String(resource.path ?? ''),
        parameters: [...asList(resource.inputParameters), ...asList(operation.inputParameters)],
      })),
    ),
  }));
  // Aggregate functions (`flows` in ikanos) by `namespace.name`, for tools that `ref` them.
  const functions = new Map();
  for (const aggregate of imported('aggregates', asList(capability.aggregates))) {
    for (const fn of asList(aggregate.functions ?? aggregate.flows))
      functions.set(`${aggregate.namespace}.${fn.name}`, fn);
  }
  return { env, values, fileBinds, consumes, exposes, functions, library: doc.capability === undefined };
}

/**
 * The entry an import names, read from its file and renamed by `as`; the entry itself otherwise.
 * @param {string} section
 * @param {Record<string, any>} entry
 * @param {(path: string) => string | undefined} readFile
 * @returns {Record<string, any>}
 */
function resolveImport(section, entry, readFile) {
  const from = entry.from ?? entry.location;
  if (typeof entry.import !== 'string' || typeof from !== 'string' || entry.type !== undefined) return entry;
  const text = readFile(localPath(from));
  if (text === undefined) return entry;
  const doc = parse(text, { uniqueKeys: false }) ?? {};
  const found = [...asList(doc[section]), ...asList(doc.capability?.[section])].find(
    (candidate) => candidate.namespace === entry.import,
  );
  return found ? { ...found, namespace: entry.as ?? entry.import } : entry;
}

/** The key -> value map of a `file:///` bind (a YAML or JSON file; `.env` lines too). */
function readValues(location, readFile) {
  const text = readFile(localPath(location));
  if (text === undefined) return {};
  try {
    const parsed = parse(text);
    if (parsed && typeof parsed === 'object') return parsed;
  } catch {}
  return Object.fromEntries(
    text
      .split('\n')
      .map((line) => /^\s*([\w.-]+)\s*=\s*(.*)$/.exec(line))
      .filter(Boolean)
      .map((match) => [match[1], match[2]]),
  );
}

/** The header a client must send to an expose with inbound authentication, from bound values. */
function clientHeaders(authentication, values) {
  if (!authentication || typeof authentication !== 'object') return {};
  const render = (value) =>
    String(value ?? '').replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_, name) => values[name] ?? '');
  if (authentication.type === 'bearer') return { authorization: `Bearer ${render(authentication.token)}` };
  if (authentication.type === 'apikey' && authentication.placement !== 'query' && authentication.key)
    return { [String(authentication.key).toLowerCase()]: render(authentication.value) };
  if (authentication.type === 'basic')
    return {
      authorization: `Basic ${Buffer.from(`${render(authentication.username)}:${render(authentication.password)}`).toString('base64')}`,
    };
  return {};
}

function localPath(location) {
  const path = location.startsWith('file://')
    ? decodeURIComponent(location.slice('file://'.length))
    : location;
  return /^\/\.\.?\//.test(path) ? path.slice(1) : path;
}

export function joinPath(base, below) {
  if (below === '') return base;
  return `${base.replace(/\/+$/, '')}/${below.replace(/^\/+/, '')}`;
}

function asList(value) {
  if (Array.isArray(value)) return value.filter((item) => item && typeof item === 'object');
  if (value && typeof value === 'object') {
    return Object.entries(value)
      .filter(([, item]) => item && typeof item === 'object')
      .map(([name, item]) => ({ name, ...item }));
  }
  return [];
}

function templateVariables(node, out = new Set()) {
  if (typeof node === 'string') {
    for (const match of node.matchAll(/\{\{\s*([A-Za-z_][\w.]*)\s*\}\}/g)) out.add(match[1]);
  } else if (Array.isArray(node)) for (const item of node) templateVariables(item, out);
  else if (node && typeof node === 'object') {
    for (const value of Object.values(node)) templateVariables(value, out);
  }
  return out;
}
