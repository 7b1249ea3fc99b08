import { asArray, asDict, asString, type Dict, dictItems, isDict } from '../capability-index.js';
import { joinPointer } from '../json-pointer.js';
import { HTTP_METHODS, PARAMETER_TYPES } from '../model/case-variants.js';
import { argumentName, isIdentifierName } from './argument-name.js';
import {
  belowPath,
  emptyList,
  fold,
  normalizeAuthentication,
  synonym,
  unique,
  type Warn,
} from './normalize-shared.js';
import type { PointerMoves } from './pointer-moves.js';
import { splitOperationPaths } from './split-operation-paths.js';

export interface NormalizeExposesOptions {
  capability: Dict;
  /** The whole (already normalised) document: `call` targets are looked up in its consumes. */
  document: Dict;
  warn: Warn;
  moves: PointerMoves;
}

/** The exposed side of `normalizeCommunity`: tools, REST operations, skills, aggregate functions. */
export function normalizeExposes({ capability, document, warn, moves }: NormalizeExposesOptions): void {
  const consumed = consumedParameterNames(document);
  const unit = (
    entry: Dict,
    pointer: string,
    namespace: string | undefined,
    inherited = new Map<string, string>(),
  ) => {
    normalizeOutputs(entry, pointer, warn);
    const renames = new Map([...inherited, ...normalizeArguments(entry, pointer, warn)]);
    undeclaredWireReferences(entry, pointer, namespace, renames, warn);
    renameReferences(entry, namespace, renames, consumed);
  };

  for (const { item: expose, pointer } of dictItems(capability, 'exposes', '/capability')) {
    const namespace = asString(expose.namespace);
    normalizeAuthentication(expose.authentication, joinPointer(pointer, 'authentication'), warn);
    if (expose.type === 'mcp') {
      if (expose.tools === undefined || (Array.isArray(expose.tools) && expose.tools.length === 0)) {
        warn(
          'community-empty-list',
          expose.tools === undefined ? pointer : joinPointer(pointer, 'tools'),
          'an MCP server without tools is a community construct (it starts and lists no tools); the official form declares at least one tool or removes the expose',
        );
        expose.tools = [];
      }
      for (const { item: tool, pointer: toolPointer } of dictItems(expose, 'tools', pointer)) {
        if (tool.description === undefined && tool.ref === undefined) {
          warn(
            'community-missing-description',
            toolPointer,
            `tool \`${asString(tool.name) ?? ''}\` has no \`description\`, a community construct; the official form requires one: it tells the model when to use the tool`,
          );
        }
        unit(tool, toolPointer, namespace);
      }
    } else if (expose.type === 'rest') {
      emptyList(expose, 'resources', pointer, warn);
      for (const { item: resource, pointer: resourcePointer } of dictItems(expose, 'resources', pointer)) {
        const shared = normalizeArguments(resource, resourcePointer, warn);
        for (const { item: operation, pointer: operationPointer } of dictItems(
          resource,
          'operations',
          resourcePointer,
        )) {
          fold(operation, 'method', HTTP_METHODS, operationPointer, warn);
          if (typeof operation.path === 'string') {
            warn(
              'community-operation-path',
              joinPointer(operationPointer, 'path'),
              `\`path\` on an operation is a community construct (served at \`${belowPath(asString(resource.path) ?? '', operation.path)}\`); the official form is a resource of its own with that path`,
            );
          }
          unit(operation, operationPointer, namespace, shared);
        }
      }
      // The REST twin of the consumed split; the moved operation is served, not forwarded.
      splitOperationPaths({
        owner: expose,
        pointer,
        moves,
        build: ({ resource, operation, path, name }) => {
          const { forward: _forward, ...rest } = resource;
          return { ...rest, ...(name === undefined ? {} : { name }), path, operations: [operation] };
        },
      });
    } else if (expose.type === 'skill') {
      for (const { item: skill, pointer: skillPointer } of dictItems(expose, 'skills', pointer)) {
        for (const { item: tool, pointer: toolPointer } of dictItems(skill, 'tools', skillPointer)) {
          if (tool.description !== undefined) continue;
          warn(
            'community-missing-description',
            toolPointer,
            `skill tool \`${asString(tool.name) ?? ''}\` has no \`description\`, a community construct; the official form requires one (it is listed in SKILL.md)`,
          );
          tool.description = '';
        }
      }
    }
  }
  for (const { item: aggregate, pointer } of dictItems(capability, 'aggregates', '/capability')) {
    for (const { item: fn, pointer: fnPointer } of dictItems(aggregate, 'functions', pointer)) {
      unit(fn, fnPointer, asString(aggregate.namespace));
    }
  }
}

/** Fills missing descriptions and renames wire-named arguments; returns the renames. */
function normalizeArguments(owner: Dict, pointer: string, warn: Warn): Map<string, string> {
  const renames = new Map<string, string>();
  const parameters = dictItems(owner, 'inputParameters', pointer);
  const taken = new Set(parameters.flatMap(({ item }) => asString(item.name) ?? []));
  for (const { item: parameter, pointer: parameterPointer } of parameters) {
    fold(parameter, 'type', PARAMETER_TYPES, parameterPointer, warn);
    fold(parameter, 'in', ['query', 'header', 'path', 'cookie', 'body'], parameterPointer, warn);
    const name = asString(parameter.name);
    if (parameter.description === undefined) {
      warn(
        'community-missing-description',
        parameterPointer,
        `input parameter \`${name ?? ''}\` has no \`description\`, a community construct; the official form requires one: it tells the caller what to pass`,
      );
      parameter.description = '';
    }
    if (name === undefined || name === '' || isIdentifierName(name)) continue;
    const renamed = unique(argumentName(name), taken);
    taken.add(renamed);
    renames.set(name, renamed);
    parameter.name = renamed;
    warn(
      'community-wire-name',
      joinPointer(parameterPointer, 'name'),
      `\`${name}\` is not an identifier, a community construct; callers pass it as \`${renamed}\` (MCP clients accept only such argument names) and the upstream still receives \`${name}\`; the official form is \`name: ${renamed}\` and a \`with\` entry \`'${name}': <namespace>.${renamed}\``,
    );
  }
  return renames;
}

/**
 * Points `with` values and templates at the renamed arguments, and maps each renamed argument
 * back to the consumed parameter of its wire name when `with` did not already.
 */
function renameReferences(
  entry: Dict,
  namespace: string | undefined,
  renames: Map<string, string>,
  consumed: Map<string, Set<string>>,
): void {
  if (renames.size === 0) return;
  const prefixes = ['tools', 'rest', ...(namespace ? [namespace] : [])];
  const withs = [entry, ...asArray(entry.steps).filter(isDict)];
  for (const owner of withs) {
    const values = asDict(owner.with);
    if (!values) continue;
    for (const [key, value] of Object.entries(values)) {
      if (typeof value === 'string') values[key] = renameInText(value, prefixes, renames);
    }
  }
  const target = asString(entry.call);
  const parameters = target === undefined ? undefined : consumed.get(target);
  if (!parameters) return;
  const values = asDict(entry.with) ?? {};
  for (const [from, to] of renames) {
    if (parameters.has(from) && values[from] === undefined) values[from] = `${namespace ?? 'tools'}.${to}`;
  }
  if (Object.keys(values).length > 0) entry.with = values;
}

/**
 * `with: {$skip: tools.$skip}` on a tool that declares no input parameters: its input schema is
 * derived from these references, so the argument is named `skip` here too (a `$`, `[`, `]` or `~`
 * cannot be a path step of an argument reference).
 */
function undeclaredWireReferences(
  entry: Dict,
  pointer: string,
  namespace: string | undefined,
  renames: Map<string, string>,
  warn: Warn,
): void {
  const prefixes = ['tools', 'rest', ...(namespace ? [namespace] : [])];
  for (const [key, value] of Object.entries(asDict(entry.with) ?? {})) {
    if (typeof value !== 'string') continue;
    const prefix = prefixes.find((candidate) => value.startsWith(`${candidate}.`));
    const name = prefix === undefined ? undefined : value.slice(prefix.length + 1);
    if (name === undefined || renames.has(name) || !/[$[\]~]/.test(name)) continue;
    const renamed = argumentName(name);
    renames.set(name, renamed);
    warn(
      'community-wire-name',
      joinPointer(pointer, 'with', key),
      `\`${value}\` names an argument that is not an identifier, a community construct; callers pass it as \`${renamed}\` (MCP clients accept only such argument names); the official form is \`${prefix}.${renamed}\``,
    );
  }
}

function renameInText(text: string, prefixes: string[], renames: Map<string, string>): string {
  for (const prefix of prefixes) {
    for (const [from, to] of renames) {
      if (text === `${prefix}.${from}`) return `${prefix}.${to}`;
      const pattern = new RegExp(`\\{\\{(\\{?)\\s*${escapeRegExp(`${prefix}.${from}`)}\\s*(\\}?)\\}\\}`, 'g');
      text = text.replace(pattern, `{{$1${prefix}.${to}$2}}`);
    }
  }
  return text;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function normalizeOutputs(entry: Dict, pointer: string, warn: Warn): void {
  const visit = (parameter: unknown, parameterPointer: string) => {
    if (!isDict(parameter)) return;
    if (parameter.type === 'integer') {
      synonym(warn, joinPointer(parameterPointer, 'type'), 'integer', 'number');
      parameter.type = 'number';
    }
    if (parameter.type === 'array' && parameter.mapping !== undefined && parameter.items === undefined) {
      warn(
        'community-array-mapping',
        parameterPointer,
        '`{type: array, mapping}` without `items` is a community construct (passes the mapped list through); the official form shapes each element under `items`',
      );
    }
    for (const [key, child] of Object.entries(asDict(parameter.properties) ?? {}))
      visit(child, joinPointer(parameterPointer, 'properties', key));
    if (parameter.items !== undefined) visit(parameter.items, joinPointer(parameterPointer, 'items'));
  };
  if (Array.isArray(entry.steps)) return;
  asArray(entry.outputParameters).forEach((parameter, index) => {
    visit(parameter, joinPointer(pointer, 'outputParameters', index));
  });
}

/** `namespace.operation` -> the names of every parameter the consumed operation declares. */
function consumedParameterNames(document: Dict): Map<string, Set<string>> {
  const names = new Map<string, Set<string>>();
  const entries = [...asArray(document.consumes), ...asArray(asDict(document.capability)?.consumes)];
  for (const entry of entries.filter(isDict)) {
    const namespace = asString(entry.namespace);
    const shared = parameterNames(entry);
    for (const resource of asArray(entry.resources).filter(isDict)) {
      for (const operation of asArray(resource.operations).filter(isDict)) {
        const name = asString(operation.name);
        if (namespace === undefined || name === undefined) continue;
        names.set(
          `${namespace}.${name}`,
          new Set([...shared, ...parameterNames(resource), ...parameterNames(operation)]),
        );
      }
    }
  }
  return names;
}

function parameterNames(owner: Dict): string[] {
  return asArray(owner.inputParameters).flatMap((parameter) => asString(asDict(parameter)?.name) ?? []);
}
