import { asArray, asDict, asString, type Dict, dictItems, isDict } from '../capability-index.js';
import type { RuleDiagnostic } from '../diagnostic.js';
import { createDiagnostic } from '../diagnostic-codes.js';
import { joinPointer } from '../json-pointer.js';
import { BODY_TYPES, CONSUMED_PARAMETER_LOCATIONS, HTTP_METHODS } from '../model/case-variants.js';
import { OUTPUT_RAW_FORMATS } from '../model/consumes.js';
import { isIdentifierName } from './argument-name.js';
import { normalizeExposes } from './normalize-exposes.js';
import { emptyList, fold, normalizeAuthentication, synonym, unique, type Warn } from './normalize-shared.js';
import { PointerMoves } from './pointer-moves.js';
import { splitOperationPaths } from './split-operation-paths.js';

export interface NormalizeCommunityResult {
  /** The document in the official model (a copy; the input is left alone). */
  document: Dict;
  /** One warning per community construct, pointing at it as written. */
  findings: RuleDiagnostic[];
  /** The pointer, in the document as written, of a node of `document`. */
  sourcePointer(pointer: string): string;
}

const KEBAB = /^[a-zA-Z0-9-]+$/;
const INFO_KEYS = new Set(['label', 'description', 'tags', 'created', 'modified', 'stakeholders']);
const BODY_TYPE_SYNONYMS: Record<string, string> = {
  form: 'formUrlEncoded',
  'form-urlencoded': 'formUrlEncoded',
  urlencoded: 'formUrlEncoded',
  multipart: 'multipartForm',
  'multipart-form': 'multipartForm',
  'form-data': 'multipartForm',
};

/**
 * Rewrites the community constructs that have an official equivalent into the official model,
 * once, at load: the rules, core and every consumer and exposer then see one model. Each construct
 * gets exactly one warning naming the official form. Constructs without an official equivalent
 * (`method: HEAD`, `{{VAR}}` in `baseUri`, an array mapping without `items`) are only reported;
 * the engine runs them as they are.
 */
export function normalizeCommunity(input: Dict): NormalizeCommunityResult {
  const document = structuredClone(input);
  const findings: RuleDiagnostic[] = [];
  const moves = new PointerMoves();
  const warn = (code: Parameters<typeof createDiagnostic>[0], pointer: string, message: string) =>
    findings.push(createDiagnostic(code, pointer, message));

  const info = asDict(document.info);
  if (info && info.title !== undefined) {
    warn(
      'community-info-title',
      '/info/title',
      '`info.title` is a community construct; the official form is `info.label`',
    );
    if (info.label === undefined) info.label = info.title;
    delete info.title;
  }
  for (const key of Object.keys(info ?? {})) {
    if (INFO_KEYS.has(key)) continue;
    warn(
      'community-info-field',
      joinPointer('/info', key),
      `\`info.${key}\` is a community construct (metadata, not used at run time); the official \`info\` has only ${[...INFO_KEYS].map((name) => `\`${name}\``).join(', ')}: move it into \`description\` or \`tags\``,
    );
    delete info![key];
  }
  emptyList(document, 'binds', '', warn);
  const capability = asDict(document.capability);
  if (capability) emptyList(capability, 'binds', '/capability', warn);

  const lists: Array<[Dict, string]> = [[document, '']];
  if (capability) lists.push([capability, '/capability']);
  for (const [owner, ownerPointer] of lists) {
    const listPointer = joinPointer(ownerPointer, 'consumes');
    const entries = asArray(owner.consumes);
    const repeats: number[] = [];
    entries.forEach((entry, index) => {
      if (!isDict(entry)) return;
      const pointer = joinPointer(listPointer, index);
      const first = entries.findIndex(
        (other) => isDict(other) && other.namespace === entry.namespace && deepEqual(other, entry),
      );
      if (first < index) {
        repeats.push(index);
        warn(
          'community-duplicate-consumes',
          joinPointer(pointer, 'namespace'),
          `this consumes entry repeats \`consumes[${first}]\` exactly, a community construct; it is ignored: the official form declares each namespace once`,
        );
        return;
      }
      normalizeConsumes(entry, pointer, warn);
    });
    for (const index of repeats.reverse()) {
      moves.removed(listPointer, index, entries.length);
      entries.splice(index, 1);
    }
  }

  // Structural changes last: the warnings above point at the document as written.
  for (const [owner, ownerPointer] of lists) {
    for (const { item: entry, pointer } of dictItems(owner, 'consumes', ownerPointer)) {
      dropUnnamedParameters(entry, pointer, moves);
      splitOperationPaths({
        owner: entry,
        pointer,
        moves,
        nameFallback: 'resource',
        build: ({ resource, operation, path, name }) => ({
          ...resource,
          name,
          path,
          operations: [operation],
        }),
      });
    }
  }
  if (capability) normalizeExposes({ capability, document, warn, moves });

  return { document, findings, sourcePointer: (pointer) => moves.source(pointer) };
}

function normalizeConsumes(entry: Dict, pointer: string, warn: Warn): void {
  const baseUri = asString(entry.baseUri);
  const override = `\`naftiko run --base-uri ${asString(entry.namespace) ?? '<namespace>'}=https://…\``;
  if (baseUri === '') {
    warn(
      'community-base-uri-template',
      joinPointer(pointer, 'baseUri'),
      `an empty \`baseUri\` leaves the upstream URL to the command line, a community construct: \`run\` needs ${override}; the official form is the literal URL`,
    );
  } else if (baseUri?.includes('{')) {
    warn(
      'community-base-uri-template',
      joinPointer(pointer, 'baseUri'),
      `\`${baseUri}\` is built from variables, a community construct: they are substituted from bound variables when the capability starts (\`{name}\` reads \`{{name}}\`), or ${override} replaces it; the official form is a literal URL`,
    );
  }
  if (entry.auth !== undefined && entry.authentication === undefined) {
    warn(
      'community-auth-fields',
      joinPointer(pointer, 'auth'),
      '`auth:` is a community spelling; the official key is `authentication:`',
    );
    entry.authentication = entry.auth;
    delete entry.auth;
  }
  normalizeAuthentication(entry.authentication, joinPointer(pointer, 'authentication'), warn);
  apiKeyHeaders(entry, pointer, warn);
  emptyList(entry, 'resources', pointer, warn);
  consumedParameters(entry, pointer, warn);
  const names = new Set<string>();
  for (const { item: resource, pointer: resourcePointer } of dictItems(entry, 'resources', pointer)) {
    const name = asString(resource.name);
    if (name !== undefined && name !== '' && !KEBAB.test(name)) {
      warn(
        'community-resource-name',
        joinPointer(resourcePointer, 'name'),
        `resource name \`${name}\` is a community construct; the official form uses only letters, digits and hyphens, for example \`${kebab(name)}\``,
      );
    }
    if (name !== undefined && names.has(name)) {
      const renamed = unique(name, names);
      warn(
        'community-duplicate-resource-name',
        joinPointer(resourcePointer, 'name'),
        `resource name \`${name}\` is used twice in consumes \`${asString(entry.namespace) ?? ''}\`, a community construct (a resource name is only a label); the official form gives each resource its own name, such as \`${renamed}\``,
      );
      resource.name = renamed;
    }
    if (name !== undefined) names.add(asString(resource.name)!);
    if (Array.isArray(resource.operations) && resource.operations.length === 0) {
      warn(
        'community-empty-list',
        joinPointer(resourcePointer, 'operations'),
        '`operations: []` declares nothing, a community construct; the official form lists at least one operation or removes the resource',
      );
    }
    consumedParameters(resource, resourcePointer, warn);
    for (const { item: operation, pointer: operationPointer } of dictItems(
      resource,
      'operations',
      resourcePointer,
    )) {
      normalizeOperation(operation, operationPointer, warn);
      consumedParameters(operation, operationPointer, warn);
    }
  }
}

/**
 * An `apikey` authentication with a `headers:` map (several key headers, such as Datadog's API and
 * application keys) means those headers on every request: the official form is adapter-level
 * `inputParameters` with `in: header` and `value`. Appended after the existing ones, so no
 * pointer moves.
 */
function apiKeyHeaders(entry: Dict, pointer: string, warn: Warn): void {
  const auth = asDict(entry.authentication);
  const headers = asDict(auth?.headers);
  if (!auth || !headers) return;
  const names = Object.keys(headers);
  warn(
    'community-auth-fields',
    joinPointer(pointer, 'authentication', 'headers'),
    `\`headers\` on authentication is a community construct (each header is sent with every request); the official form is \`inputParameters\` on the consumes entry, such as \`- {name: ${names[0] ?? 'X-Api-Key'}, in: header, value: '…'}\``,
  );
  const parameters = Array.isArray(entry.inputParameters) ? entry.inputParameters : [];
  for (const [name, value] of Object.entries(headers))
    parameters.push({ name, in: 'header', value: String(value) });
  entry.inputParameters = parameters;
  delete auth.headers;
  if (auth.key === undefined && auth.value === undefined) delete entry.authentication;
}

function normalizeOperation(operation: Dict, pointer: string, warn: Warn): void {
  if (operation.id !== undefined) {
    warn(
      'community-operation-id',
      joinPointer(pointer, 'id'),
      `\`id\` on an operation is a community construct; the official form is \`name: ${String(operation.id)}\``,
    );
    if (operation.name === undefined) operation.name = operation.id;
    delete operation.id;
  }
  fold(operation, 'method', [...HTTP_METHODS, 'HEAD'], pointer, warn);
  fold(operation, 'outputRawFormat', OUTPUT_RAW_FORMATS, pointer, warn);
  if (operation.method === 'HEAD') {
    warn(
      'community-head-method',
      joinPointer(pointer, 'method'),
      '`method: HEAD` is a community construct (sent as HEAD); the official dialect lists GET, POST, PUT, PATCH and DELETE: use `GET` to read the resource',
    );
  }
  if (typeof operation.path === 'string') {
    warn(
      'community-operation-path',
      joinPointer(pointer, 'path'),
      `\`path\` on an operation is a community construct (the operation is called at \`${operation.path}\` below its resource); the official form is a resource of its own with that path`,
    );
  }
  const body = asDict(operation.body);
  if (body) fold(body, 'type', BODY_TYPES, joinPointer(pointer, 'body'), warn, BODY_TYPE_SYNONYMS);
  const parts = asDict(body?.data);
  if (body?.type === 'multipartForm' && parts) {
    warn(
      'community-multipart-map',
      joinPointer(pointer, 'body', 'data'),
      `multipart \`data\` as a map is a community construct (one text part per field); the official form is a list of parts, such as \`- {name: ${Object.keys(parts)[0] ?? 'field'}, value: '…'}\``,
    );
    body.data = Object.entries(parts).map(([name, value]) => ({ name, value: String(value) }));
  }
  for (const { item: output, pointer: outputPointer } of dictItems(operation, 'outputParameters', pointer)) {
    if (output.type === 'integer') {
      synonym(warn, joinPointer(outputPointer, 'type'), 'integer', 'number');
      output.type = 'number';
    }
  }
}

function consumedParameters(owner: Dict, pointer: string, warn: Warn): void {
  for (const { item: parameter, pointer: parameterPointer } of dictItems(owner, 'inputParameters', pointer)) {
    fold(parameter, 'in', CONSUMED_PARAMETER_LOCATIONS, parameterPointer, warn);
    const name = asString(parameter.name);
    if (name === '') {
      warn(
        'community-unnamed-parameter',
        joinPointer(parameterPointer, 'name'),
        "`name: ''` names no parameter, so nothing can be sent for it, a community construct; it is ignored: the official form removes it or gives it the wire name",
      );
    } else if (name !== undefined && !isIdentifierName(name)) {
      warn(
        'community-wire-name',
        joinPointer(parameterPointer, 'name'),
        `\`${name}\` is a wire name, not an identifier, a community construct; it is sent as written, but the official dialect accepts only letters, digits, \`-\`, \`_\` and \`*\` here`,
      );
    }
  }
}

function dropUnnamedParameters(entry: Dict, pointer: string, moves: PointerMoves): void {
  const owners: Array<[Dict, string]> = [[entry, pointer]];
  for (const { item: resource, pointer: resourcePointer } of dictItems(entry, 'resources', pointer)) {
    owners.push([resource, resourcePointer]);
    for (const { item, pointer: operationPointer } of dictItems(resource, 'operations', resourcePointer))
      owners.push([item, operationPointer]);
  }
  for (const [owner, ownerPointer] of owners) {
    const parameters = asArray(owner.inputParameters);
    const listPointer = joinPointer(ownerPointer, 'inputParameters');
    for (let index = parameters.length - 1; index >= 0; index--) {
      const parameter = parameters[index];
      if (!isDict(parameter) || parameter.name !== '') continue;
      moves.removed(listPointer, index, parameters.length);
      parameters.splice(index, 1);
    }
  }
}

function kebab(name: string): string {
  return name.replace(/[^a-zA-Z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'resource';
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a))
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (!isDict(a) || !isDict(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => deepEqual(a[key], b[key]));
}
