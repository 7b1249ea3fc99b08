import { parse } from 'yaml';

/**
 * What the harness needs from a capability, read from its YAML with the `yaml` package and
 * nothing of the engine (so the expected URLs are an independent opinion): consumes operations,
 * exposes with their tools and REST operations, and a dummy value for every bind variable.
 * Lists of named items may also be maps keyed by name (the beta dialect); both are read.
 */
export function readCapabilityPlan({ text }) {
  const doc = parse(text, { uniqueKeys: false, maxAliasCount: 1000 }) ?? {};
  const capability = doc.capability ?? {};
  const binds = [...asList(doc.binds), ...asList(capability.binds)];
  const env = {};
  const values = {};
  const fileBinds = [];
  for (const bind of binds) {
    if (typeof bind.location === 'string' && bind.location !== '') fileBinds.push(bind.location);
    const keys = bind.keys && typeof bind.keys === 'object' ? bind.keys : {};
    for (const [variable, envName] of Object.entries(keys)) {
      const name = typeof envName === 'string' && envName !== '' ? envName : variable;
      const value = `dummy-${variable}`;
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

  const consumes = asList(capability.consumes).map((entry) => {
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

  const exposes = asList(capability.exposes).map((expose) => ({
    type: expose.type,
    namespace: expose.namespace,
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
  return { env, values, fileBinds, consumes, exposes };
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
