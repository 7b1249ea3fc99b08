import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { collectImports, type ImportReference } from './collect-imports.js';
import { findCycles } from './find-cycles.js';

// The rules of docs/architecture.md ("Dependencies point one way"). Keep both in step.
/** Workspace packages each layer may depend on at runtime; `cli` is the composition root. */
const layerDependencies: Record<string, readonly string[]> = {
  spec: [],
  core: ['spec'],
  consumer: ['spec', 'core'],
  exposer: ['spec', 'core'],
  cli: ['spec', 'core', 'consumer', 'exposer', 'sandbox'],
  sandbox: [],
};
/** Each framework lives in exactly one package. */
export const frameworkHomes: Record<string, string> = {
  fastify: '@naftiko/exposer-rest',
  '@modelcontextprotocol/sdk': '@naftiko/exposer-mcp',
  undici: '@naftiko/consumer-http',
  'prom-client': '@naftiko/exposer-control',
  jose: '@naftiko/core',
  '@redis/client': 'naftiko',
};

export interface Violation {
  rule: 'direction' | 'framework' | 'undeclared' | 'cycle' | 'unknown-package';
  /** Path relative to the root, with `:line` when the violation is an import. */
  where: string;
  message: string;
}

interface WorkspacePackage {
  name: string;
  folder: string;
  layer: string | undefined;
  dependencies: string[];
  devDependencies: string[];
}

export interface CheckArchitectureOptions {
  /** Absolute repository root, holding `packages/<folder>/{package.json,tsconfig.json,src,test}`. */
  root: string;
}

/**
 * Checks every package's package.json and every import of its TypeScript files: the dependency
 * direction, frameworks in their one package, workspace imports declared, and no import cycle
 * between the files of a package (type-only imports count: they still tie the files together).
 */
export function checkArchitecture({ root }: CheckArchitectureOptions): Violation[] {
  const packages = readdirSync(join(root, 'packages'))
    .filter((name) => existsSync(join(root, 'packages', name, 'package.json')))
    .map((name) => readPackage(root, name));
  const byName = new Map(packages.map((p) => [p.name, p]));
  const owners = new Map<string, WorkspacePackage>();
  const shipped = new Set<string>();
  for (const pkg of packages) {
    const isBuilt = builtFileFilter(join(root, 'packages', pkg.folder));
    for (const file of listTypeScript(join(root, 'packages', pkg.folder))) {
      owners.set(file, pkg);
      if (isBuilt(file)) shipped.add(file);
    }
  }
  const files = collectImports([...owners.keys()]);
  const violations: Violation[] = [];

  for (const pkg of packages) {
    const where = `packages/${pkg.folder}/package.json`;
    if (!pkg.layer) {
      violations.push({
        rule: 'unknown-package',
        where,
        message: `${pkg.name} belongs to no layer: add it to the rules in scripts/architecture/check-architecture.ts and to docs/architecture.md`,
      });
      continue;
    }
    for (const dependency of pkg.dependencies) {
      const problem = dependencyProblem(pkg, dependency, byName);
      if (problem)
        violations.push({
          rule: problem.rule,
          where,
          message: `dependency ${dependency}: ${problem.message}`,
        });
    }
  }

  // devDependencies too: a test that pulls in a package depending on its own makes pnpm and
  // `tsc -b` order the two both ways.
  const workspaceGraph = new Map(
    packages.map((p) => [
      p.name,
      [...p.dependencies, ...p.devDependencies].filter((name) => byName.has(name) && name !== p.name),
    ]),
  );
  for (const cycle of findCycles(workspaceGraph)) {
    violations.push({
      rule: 'cycle',
      where: `packages/${byName.get(cycle[0]!)!.folder}/package.json`,
      message: `packages depend on each other in a circle (dependencies and devDependencies): ${cycle.join(' -> ')}`,
    });
  }

  const graphs = new Map<string, Map<string, string[]>>();
  const edgeLines = new Map<string, ImportReference>();
  for (const [file, imports] of files) {
    const pkg = owners.get(file)!;
    const where = relative(root, file);
    const isShipped = shipped.has(file);
    const graph = graphs.get(pkg.name) ?? graphs.set(pkg.name, new Map()).get(pkg.name)!;
    const targets = graph.get(file) ?? graph.set(file, []).get(file)!;
    for (const reference of imports) {
      const at = `${where}:${reference.line}`;
      const shown = `import '${reference.specifier}'${reference.typeOnly ? ' (type-only)' : ''}`;
      if (reference.specifier.startsWith('.')) {
        const target = resolveRelative(file, reference.specifier);
        const targetPackage = target === undefined ? undefined : owners.get(target);
        if (targetPackage && targetPackage !== pkg) {
          violations.push({
            rule: 'direction',
            where: at,
            message: `${shown}: reaches into ${targetPackage.name} by a relative path; import the package by name so the rules above apply`,
          });
          continue;
        }
        if (target && files.has(target)) {
          targets.push(target);
          edgeLines.set(`${file}\0${target}`, reference);
        }
        continue;
      }
      const name = packageName(reference.specifier);
      if (name === pkg.name || isBuiltin(name)) continue;
      if (byName.has(name)) {
        const declared = isShipped ? pkg.dependencies : [...pkg.dependencies, ...pkg.devDependencies];
        if (!declared.includes(name)) {
          violations.push({
            rule: 'undeclared',
            where: at,
            message: `${shown}: ${name} is not in ${pkg.name}'s ${isShipped ? 'dependencies' : 'dependencies or devDependencies'}`,
          });
          continue;
        }
      }
      if (!isShipped) continue; // tests may use what they declare (a sandbox, another exposer's client)
      const problem = dependencyProblem(pkg, name, byName);
      if (problem)
        violations.push({ rule: problem.rule, where: at, message: `${shown}: ${problem.message}` });
    }
  }

  for (const graph of graphs.values()) {
    for (const cycle of findCycles(graph)) {
      const steps = cycle.slice(0, -1).map((file, i) => {
        const reference = edgeLines.get(`${file}\0${cycle[i + 1]}`)!;
        return `${relative(root, file)}:${reference.line} imports '${reference.specifier}'${reference.typeOnly ? ' (type-only)' : ''}`;
      });
      violations.push({
        rule: 'cycle',
        where: relative(root, cycle[0]!),
        message: `files import each other in a circle: ${steps.join(' -> ')}; move what they share into a file both import`,
      });
    }
  }
  return violations.sort(byPlace);
}

function byPlace(a: Violation, b: Violation): number {
  const [pathA = '', lineA = '0'] = a.where.split(':');
  const [pathB = '', lineB = '0'] = b.where.split(':');
  return pathA < pathB ? -1 : pathA > pathB ? 1 : Number(lineA) - Number(lineB);
}

/** Why `pkg` may not depend on `dependency` (a package name) at runtime, or undefined. */
function dependencyProblem(
  pkg: WorkspacePackage,
  dependency: string,
  byName: Map<string, WorkspacePackage>,
): Pick<Violation, 'rule' | 'message'> | undefined {
  const home = frameworkHomes[dependency];
  if (home && home !== pkg.name) {
    return {
      rule: 'framework',
      message: `${dependency} lives only in ${home}; reach it through that package`,
    };
  }
  const target = byName.get(dependency);
  if (!target?.layer || !pkg.layer) return undefined;
  if (layerDependencies[pkg.layer]?.includes(target.layer)) return undefined;
  if (pkg.layer === 'exposer' && (target.layer === 'exposer' || target.layer === 'consumer')) {
    return {
      rule: 'direction',
      message: `an exposer never imports a consumer or another exposer (it reaches upstreams through what @naftiko/core hands it); only the cli composes them`,
    };
  }
  return {
    rule: 'direction',
    message: `${pkg.name} (${pkg.layer}) may depend only on ${describeAllowed(pkg.layer)}: dependencies point spec <- core <- {consumer-*, exposer-*} <- cli, and sandbox depends on nothing of ours`,
  };
}

function describeAllowed(layer: string): string {
  const allowed = layerDependencies[layer] ?? [];
  return allowed.length === 0 ? 'no workspace package' : allowed.join(', ');
}

function readPackage(root: string, folder: string): WorkspacePackage {
  const json = JSON.parse(readFileSync(join(root, 'packages', folder, 'package.json'), 'utf8'));
  const name: string = json.name;
  return {
    name,
    folder,
    layer: layerOf(name),
    dependencies: Object.keys(json.dependencies ?? {}),
    devDependencies: Object.keys(json.devDependencies ?? {}),
  };
}

function layerOf(name: string): string | undefined {
  if (name === 'naftiko') return 'cli';
  const short = name.startsWith('@naftiko/') ? name.slice('@naftiko/'.length) : undefined;
  if (short === 'spec' || short === 'core' || short === 'sandbox') return short;
  if (short?.startsWith('consumer-')) return 'consumer';
  if (short?.startsWith('exposer-')) return 'exposer';
  return undefined;
}

/** The `.ts` sources and tests of a package (`src/`, `test/`), declaration files aside. */
function listTypeScript(folder: string): string[] {
  return ['src', 'test'].flatMap((sub) =>
    existsSync(join(folder, sub))
      ? readdirSync(join(folder, sub), { recursive: true, encoding: 'utf8' })
          .filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts'))
          .map((name) => join(folder, sub, name))
      : [],
  );
}

// What `tsc -b` compiles into the package (its tsconfig's include minus exclude): those files
// ship, so they follow the runtime rules; the rest are tests and may use their devDependencies.
function builtFileFilter(folder: string): (file: string) => boolean {
  const config = JSON.parse(readFileSync(join(folder, 'tsconfig.json'), 'utf8'));
  const include = (config.include ?? ['**/*']).map(globToRegExp);
  const exclude = (config.exclude ?? []).map(globToRegExp);
  return (file) => {
    const path = relative(folder, file);
    return include.some((r: RegExp) => r.test(path)) && !exclude.some((r: RegExp) => r.test(path));
  };
}

// tsconfig globs: `**/` any folders, `*` within a name; a pattern also matches everything below it.
function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/\/$/, '')
    .split(/(\*\*\/|\*)/)
    .map((part) =>
      part === '**/' ? '(?:[^/]+/)*' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${body}(?:/.*)?$`);
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string);
}

function isBuiltin(name: string): boolean {
  return name.startsWith('node:') || builtinModules.includes(name);
}

// NodeNext specifiers name the emitted file (`./x.js`); the source is `./x.ts` (or a folder index).
function resolveRelative(from: string, specifier: string): string | undefined {
  const base = join(dirname(from), specifier);
  const candidates = [
    base.replace(/\.js$/, '.ts'),
    base.replace(/\.mjs$/, '.mts'),
    base,
    `${base}.ts`,
    join(base, 'index.ts'),
  ];
  return candidates.find((candidate) => existsSync(candidate) && !candidate.endsWith('/'));
}
