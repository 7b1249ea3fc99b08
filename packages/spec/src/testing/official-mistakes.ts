// Test support (excluded from the build): one-mistake documents built from the in-repo fixture
// `every-construct.yaml`, each with the verdict our schemas must give. `official-equivalence.test.ts`
// checks our schemas against these expectations; `pnpm reference` (scripts/reference) also checks
// them, and systematic mutations, against the official alpha2 schema in ../shared/reference.
import { readFileSync } from 'node:fs';
import type { ValidateFunction } from 'ajv';

export type { ValidateFunction };

import { parse } from 'yaml';
import type { SchemaIssueCode } from '../schema/schema-issue.js';

export type Doc = Record<string, unknown>;

export function fixture(name: string): Doc {
  return parse(readFileSync(new URL(`../schema/fixtures/${name}`, import.meta.url), 'utf8')) as Doc;
}

function tokens(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/');
}

function parentOf(doc: unknown, pointer: string): { parent: Record<string, unknown>; key: string } {
  const path = tokens(pointer);
  const key = path.pop()!;
  let node = doc as Record<string, unknown>;
  for (const token of path) {
    const next = node[token];
    if (typeof next !== 'object' || next === null)
      throw new Error(`no node at ${pointer} (stopped at ${token})`);
    node = next as Record<string, unknown>;
  }
  return { parent: node, key };
}

export function get(doc: unknown, pointer: string): unknown {
  const { parent, key } = parentOf(doc, pointer);
  return parent[key];
}

export function set(doc: unknown, pointer: string, value: unknown): void {
  const { parent, key } = parentOf(doc, pointer);
  parent[key] = value;
}

export function remove(doc: unknown, pointer: string): void {
  const { parent, key } = parentOf(doc, pointer);
  if (!Object.hasOwn(parent, key)) throw new Error(`nothing to remove at ${pointer}`);
  if (Array.isArray(parent)) parent.splice(Number(key), 1);
  else delete parent[key];
}

const REST = '/capability/exposes/0';
const MCP = '/capability/exposes/1';
const STDIO = '/capability/exposes/2';
const SKILL = '/capability/exposes/3';
const CONTROL = '/capability/exposes/4';
const ORDERS = '/capability/consumes/0';
const LIST_ORDERS = `${ORDERS}/resources/0/operations/0`;
const FN = '/capability/aggregates/0/functions';

export type Expectation = { code: SchemaIssueCode; pointer: string } | 'valid';

export interface MutationCase {
  name: string;
  /** Introduces exactly one mistake. */
  mutate: (doc: Doc) => void;
  /** A correct edit of the same spot. */
  twin: (doc: Doc) => void;
  official: Expectation;
  /** Defaults to `official`: the compatible dialect relaxes only the community constructs. */
  compatible?: Expectation;
}

const long = (length: number) => 'x'.repeat(length);

export const cases: MutationCase[] = [
  // Root, info, binds
  {
    name: 'wrong naftiko version',
    mutate: (d) => set(d, '/naftiko', '1.0.0-alpha1'),
    twin: (d) => set(d, '/naftiko', '1.0.0-alpha2'),
    official: { code: 'schema-const', pointer: '/naftiko' },
  },
  {
    name: 'naftiko version as a number',
    mutate: (d) => set(d, '/naftiko', 1),
    twin: (d) => set(d, '/naftiko', '1.0.0-alpha2'),
    official: { code: 'schema-type', pointer: '/naftiko' },
  },
  {
    name: 'missing naftiko',
    mutate: (d) => remove(d, '/naftiko'),
    twin: (d) => remove(d, '/info'),
    official: { code: 'schema-missing-property', pointer: '' },
  },
  {
    name: 'capability and consumes at the root',
    mutate: (d) => set(d, '/consumes', get(d, '/capability/consumes')),
    twin: (d) => set(d, '/binds', get(d, '/binds')),
    official: { code: 'schema-conflicting-properties', pointer: '' },
  },
  {
    name: 'neither capability nor consumes',
    mutate: (d) => remove(d, '/capability'),
    twin: (d) => {
      set(d, '/consumes', [get(d, `${ORDERS}`)]);
      remove(d, '/capability');
    },
    official: { code: 'schema-missing-property', pointer: '' },
  },
  {
    name: 'unknown root key',
    mutate: (d) => set(d, '/version', '1'),
    twin: (d) => set(d, '/info/tags', ['x']),
    official: { code: 'schema-unknown-property', pointer: '/version' },
  },
  {
    name: 'info without description',
    mutate: (d) => remove(d, '/info/description'),
    twin: (d) => remove(d, '/info/tags'),
    official: { code: 'schema-missing-property', pointer: '/info' },
  },
  {
    name: 'impossible created date',
    mutate: (d) => set(d, '/info/created', '2025-13-01'),
    twin: (d) => set(d, '/info/created', '2025-12-01'),
    official: { code: 'schema-pattern', pointer: '/info/created' },
  },
  {
    name: 'stakeholder email without domain',
    mutate: (d) => set(d, '/info/stakeholders/0/email', 'ada@example'),
    twin: (d) => set(d, '/info/stakeholders/0/email', 'ada@example.org'),
    official: { code: 'schema-pattern', pointer: '/info/stakeholders/0/email' },
  },
  {
    name: 'info is null',
    mutate: (d) => set(d, '/info', null),
    twin: (d) => remove(d, '/info'),
    official: { code: 'schema-type', pointer: '/info' },
  },
  {
    name: 'empty binds',
    mutate: (d) => set(d, '/binds', []),
    twin: (d) => remove(d, '/binds'),
    official: { code: 'schema-min-items', pointer: '/binds' },
    compatible: 'valid', // a community construct, normalised at load
  },
  {
    name: 'lower-case binding variable',
    mutate: (d) => set(d, '/binds/0/keys/orders_token', 'x'),
    twin: (d) => set(d, '/binds/0/keys/ORDERS_TOKEN_2', 'x'),
    official: { code: 'schema-property-name', pointer: '/binds/0/keys/orders_token' },
  },
  {
    name: 'binding key with a space',
    mutate: (d) => set(d, '/binds/0/keys/ORDERS_TOKEN', 'orders token'),
    twin: (d) => set(d, '/binds/0/keys/ORDERS_TOKEN', 'orders_token'),
    official: { code: 'schema-pattern', pointer: '/binds/0/keys/ORDERS_TOKEN' },
  },
  {
    name: 'binding location without scheme',
    mutate: (d) => set(d, '/binds/1/location', 'etc/secrets.env'),
    twin: (d) => set(d, '/binds/1/location', 'file:///etc/other.env'),
    official: { code: 'schema-pattern', pointer: '/binds/1/location' },
  },
  {
    name: 'binds without keys',
    mutate: (d) => remove(d, '/binds/0/keys'),
    twin: (d) => remove(d, '/binds/0/description'),
    official: { code: 'schema-missing-property', pointer: '/binds/0' },
  },
  {
    name: 'capability without exposes or consumes',
    mutate: (d) => set(d, '/capability', { binds: get(d, '/capability/binds') }),
    twin: (d) => set(d, '/capability', { consumes: get(d, '/capability/consumes') }),
    official: { code: 'schema-missing-property', pointer: '/capability' },
  },
  // Consumes
  {
    name: 'ftp baseUri',
    mutate: (d) => set(d, `${ORDERS}/baseUri`, 'ftp://orders.example.com'),
    twin: (d) => set(d, `${ORDERS}/baseUri`, 'https://orders.example.org'),
    official: { code: 'schema-pattern', pointer: `${ORDERS}/baseUri` },
  },
  {
    name: 'placeholder in baseUri path',
    mutate: (d) => set(d, `${ORDERS}/baseUri`, 'https://orders.example.com/{tenant}'),
    twin: (d) => set(d, `${ORDERS}/baseUri`, 'https://orders.example.com/main'),
    official: { code: 'schema-pattern', pointer: `${ORDERS}/baseUri` },
    compatible: 'valid', // a community construct, normalised at load
  },
  {
    name: 'consumes type grpc',
    mutate: (d) => set(d, `${ORDERS}/type`, 'grpc'),
    twin: (d) => set(d, `${ORDERS}/type`, 'http'),
    official: { code: 'schema-const', pointer: `${ORDERS}/type` },
  },
  {
    name: 'misspelled headers',
    mutate: (d) => set(d, `${ORDERS}/heders`, { a: 'b' }),
    twin: (d) => set(d, `${ORDERS}/description`, 'Orders.'),
    official: { code: 'schema-unknown-property', pointer: `${ORDERS}/heders` },
  },
  {
    name: 'community consumes headers',
    mutate: (d) => set(d, `${ORDERS}/headers`, { 'x-version': '1' }),
    twin: (d) => set(d, `${ORDERS}/description`, 'Orders.'),
    official: { code: 'schema-unknown-property', pointer: `${ORDERS}/headers` },
    compatible: 'valid',
  },
  {
    name: 'community consumes headers with a non-string value',
    mutate: (d) => set(d, `${ORDERS}/headers`, { 'x-version': 1 }),
    twin: (d) => set(d, `${ORDERS}/description`, 'Orders, version 1.'),
    official: { code: 'schema-unknown-property', pointer: `${ORDERS}/headers` },
    compatible: { code: 'schema-type', pointer: `${ORDERS}/headers/x-version` },
  },
  {
    name: 'lower-case method',
    mutate: (d) => set(d, `${LIST_ORDERS}/method`, 'get'),
    twin: (d) => set(d, `${LIST_ORDERS}/method`, 'GET'),
    official: { code: 'schema-enum', pointer: `${LIST_ORDERS}/method` },
    compatible: 'valid', // a case variant, folded at load
  },
  {
    name: 'consumed operation without method',
    mutate: (d) => remove(d, `${LIST_ORDERS}/method`),
    twin: (d) => remove(d, `${LIST_ORDERS}/label`),
    official: { code: 'schema-missing-property', pointer: LIST_ORDERS },
  },
  {
    name: 'outputRawFormat text',
    mutate: (d) => set(d, `${LIST_ORDERS}/outputRawFormat`, 'text'),
    twin: (d) => set(d, `${LIST_ORDERS}/outputRawFormat`, 'markdown'),
    official: { code: 'schema-enum', pointer: `${LIST_ORDERS}/outputRawFormat` },
    compatible: 'valid',
  },
  {
    name: 'outputRawFormat jsonl',
    mutate: (d) => set(d, `${LIST_ORDERS}/outputRawFormat`, 'jsonl'),
    twin: (d) => set(d, `${LIST_ORDERS}/outputRawFormat`, 'csv'),
    official: { code: 'schema-enum', pointer: `${LIST_ORDERS}/outputRawFormat` },
  },
  {
    name: 'consumed parameter location body2',
    mutate: (d) => set(d, `${LIST_ORDERS}/inputParameters/0/in`, 'body2'),
    twin: (d) => set(d, `${LIST_ORDERS}/inputParameters/0/in`, 'environment'),
    official: { code: 'schema-enum', pointer: `${LIST_ORDERS}/inputParameters/0/in` },
  },
  {
    name: 'community typed consumed parameter',
    mutate: (d) => set(d, `${LIST_ORDERS}/inputParameters/0/type`, 'string'),
    twin: (d) => set(d, `${LIST_ORDERS}/inputParameters/0/value`, 'open'),
    official: { code: 'schema-unknown-property', pointer: `${LIST_ORDERS}/inputParameters/0/type` },
    compatible: 'valid',
  },
  {
    name: 'community required on a consumed parameter',
    mutate: (d) => set(d, `${LIST_ORDERS}/inputParameters/0/required`, true),
    twin: (d) => set(d, `${LIST_ORDERS}/inputParameters/0/value`, 'open'),
    official: { code: 'schema-unknown-property', pointer: `${LIST_ORDERS}/inputParameters/0/required` },
    compatible: 'valid',
  },
  {
    name: 'community consumed parameter type date',
    mutate: (d) => set(d, `${LIST_ORDERS}/inputParameters/0/type`, 'date'),
    twin: (d) => set(d, `${LIST_ORDERS}/inputParameters/0/value`, 'open'),
    official: { code: 'schema-unknown-property', pointer: `${LIST_ORDERS}/inputParameters/0/type` },
    compatible: { code: 'schema-enum', pointer: `${LIST_ORDERS}/inputParameters/0/type` },
  },
  {
    name: 'consumed parameter without in',
    mutate: (d) => remove(d, `${LIST_ORDERS}/inputParameters/0/in`),
    twin: (d) => set(d, `${LIST_ORDERS}/inputParameters/0/name`, 'state'),
    official: { code: 'schema-missing-property', pointer: `${LIST_ORDERS}/inputParameters/0` },
  },
  {
    name: 'empty resources',
    mutate: (d) => set(d, `${ORDERS}/resources`, []),
    twin: (d) => remove(d, `${ORDERS}/resources`),
    official: { code: 'schema-min-items', pointer: `${ORDERS}/resources` },
    compatible: 'valid', // a community construct, normalised at load
  },
  {
    name: 'consumed resource without operations',
    mutate: (d) => remove(d, `${ORDERS}/resources/1/operations`),
    twin: (d) => remove(d, `${ORDERS}/resources/0/label`),
    official: { code: 'schema-missing-property', pointer: `${ORDERS}/resources/1` },
  },
  {
    name: 'consumed output parameter of type integer',
    mutate: (d) => set(d, `${LIST_ORDERS}/outputParameters/0/type`, 'integer'),
    twin: (d) => set(d, `${LIST_ORDERS}/outputParameters/0/type`, 'object'),
    official: { code: 'schema-enum', pointer: `${LIST_ORDERS}/outputParameters/0/type` },
  },
  {
    name: 'json body without data',
    mutate: (d) => remove(d, `${ORDERS}/resources/0/operations/1/body/data`),
    twin: (d) => set(d, `${ORDERS}/resources/0/operations/1/body/data`, ['a']),
    official: { code: 'schema-missing-property', pointer: `${ORDERS}/resources/0/operations/1/body` },
  },
  {
    name: 'body type graphql',
    mutate: (d) => set(d, `${ORDERS}/resources/0/operations/2/body/type`, 'graphql'),
    twin: (d) => set(d, `${ORDERS}/resources/0/operations/2/body/type`, 'sparql'),
    official: { code: 'schema-enum', pointer: `${ORDERS}/resources/0/operations/2/body/type` },
  },
  {
    name: 'form body with a number',
    mutate: (d) => set(d, `${ORDERS}/resources/0/operations/3/body/data/item`, 5),
    twin: (d) => set(d, `${ORDERS}/resources/0/operations/3/body/data/item`, '5'),
    official: { code: 'schema-type', pointer: `${ORDERS}/resources/0/operations/3/body/data/item` },
  },
  {
    name: 'multipart part without value',
    mutate: (d) => remove(d, `${ORDERS}/resources/0/operations/4/body/data/0/value`),
    twin: (d) => remove(d, `${ORDERS}/resources/0/operations/4/body/data/0/filename`),
    official: { code: 'schema-missing-property', pointer: `${ORDERS}/resources/0/operations/4/body/data/0` },
  },
  {
    name: 'raw body as a number',
    mutate: (d) => set(d, `${ORDERS}/resources/0/operations/5/body`, 42),
    twin: (d) => set(d, `${ORDERS}/resources/0/operations/5/body`, '42'),
    official: { code: 'schema-type', pointer: `${ORDERS}/resources/0/operations/5/body` },
  },
  {
    name: 'authentication type token',
    mutate: (d) => set(d, `${ORDERS}/authentication/type`, 'token'),
    twin: (d) => set(d, `${ORDERS}/authentication`, { type: 'bearer' }),
    official: { code: 'schema-enum', pointer: `${ORDERS}/authentication/type` },
  },
  {
    name: 'bearer with a username',
    mutate: (d) => set(d, `${ORDERS}/authentication/username`, 'ada'),
    twin: (d) => set(d, `${ORDERS}/authentication/token`, 'abc'),
    official: { code: 'schema-unknown-property', pointer: `${ORDERS}/authentication/username` },
  },
  {
    name: 'api key placement cookie',
    mutate: (d) => set(d, '/capability/consumes/1/authentication/placement', 'cookie'),
    twin: (d) => set(d, '/capability/consumes/1/authentication/placement', 'query'),
    official: { code: 'schema-enum', pointer: '/capability/consumes/1/authentication/placement' },
  },
  {
    name: 'oauth2 without resource',
    mutate: (d) => remove(d, `${REST}/authentication/resource`),
    twin: (d) => remove(d, `${REST}/authentication/audience`),
    official: { code: 'schema-missing-property', pointer: `${REST}/authentication` },
  },
  {
    name: 'oauth2 issuer that is not a URI',
    mutate: (d) => set(d, `${REST}/authentication/authorizationServerUri`, 'auth server'),
    twin: (d) => set(d, `${REST}/authentication/authorizationServerUri`, 'https://login.example.com'),
    official: { code: 'schema-format', pointer: `${REST}/authentication/authorizationServerUri` },
  },
  {
    name: 'import without import name',
    mutate: (d) => remove(d, '/capability/consumes/4/import'),
    twin: (d) => remove(d, '/capability/consumes/4/as'),
    official: { code: 'schema-missing-property', pointer: '/capability/consumes/4' },
  },
  {
    name: 'import alias with a dot',
    mutate: (d) => set(d, '/capability/consumes/4/as', 'reg.v2'),
    twin: (d) => set(d, '/capability/consumes/4/as', 'reg-v2'),
    official: { code: 'schema-pattern', pointer: '/capability/consumes/4/as' },
  },
  // Aggregates, steps, outputs
  {
    name: 'empty aggregate functions',
    mutate: (d) => set(d, FN, []),
    twin: (d) => set(d, FN, [get(d, `${FN}/0`)]),
    official: { code: 'schema-min-items', pointer: FN },
  },
  {
    name: 'aggregate function without description',
    mutate: (d) => remove(d, `${FN}/0/description`),
    twin: (d) => remove(d, `${FN}/0/semantics`),
    official: { code: 'schema-missing-property', pointer: `${FN}/0` },
  },
  {
    name: 'aggregate function that does nothing',
    mutate: (d) => set(d, `${FN}/2`, { name: 'noop', description: 'Nothing.' }),
    twin: (d) => set(d, `${FN}/2`, { name: 'noop', description: 'Nothing.', call: 'orders-api.list-orders' }),
    official: { code: 'schema-missing-property', pointer: `${FN}/2` },
  },
  {
    name: 'semantics with an unknown trait',
    mutate: (d) => set(d, `${FN}/0/semantics/pure`, true),
    twin: (d) => set(d, `${FN}/0/semantics/cacheable`, true),
    official: { code: 'schema-unknown-property', pointer: `${FN}/0/semantics/pure` },
  },
  {
    name: 'step type loop',
    mutate: (d) => set(d, `${FN}/1/steps/0/type`, 'loop'),
    twin: (d) => set(d, `${FN}/1/steps/0/type`, 'call'),
    official: { code: 'schema-enum', pointer: `${FN}/1/steps/0/type` },
  },
  {
    name: 'lookup without match',
    mutate: (d) => remove(d, `${FN}/1/steps/2/match`),
    twin: (d) => set(d, `${FN}/1/steps/2/match`, 'email'),
    official: { code: 'schema-missing-property', pointer: `${FN}/1/steps/2` },
  },
  {
    name: 'call step with a lookup key',
    mutate: (d) => set(d, `${FN}/1/steps/0/index`, 'fetch-customers'),
    twin: (d) => set(d, `${FN}/1/steps/0/with`, { limit: 5 }),
    official: { code: 'schema-unknown-property', pointer: `${FN}/1/steps/0/index` },
  },
  {
    name: 'script with an empty file',
    mutate: (d) => set(d, `${FN}/1/steps/3/file`, ''),
    twin: (d) => set(d, `${FN}/1/steps/3/file`, 's.js'),
    official: { code: 'schema-min-length', pointer: `${FN}/1/steps/3/file` },
  },
  {
    name: 'script with no dependencies listed',
    mutate: (d) => set(d, `${FN}/1/steps/3/dependencies`, []),
    twin: (d) => remove(d, `${FN}/1/steps/3/dependencies`),
    official: { code: 'schema-min-items', pointer: `${FN}/1/steps/3/dependencies` },
  },
  {
    name: 'step name with underscore',
    mutate: (d) => set(d, `${FN}/1/steps/1/name`, 'fetch_customers'),
    twin: (d) => set(d, `${FN}/1/steps/1/name`, 'fetch-customers-2'),
    official: { code: 'schema-pattern', pointer: `${FN}/1/steps/1/name` },
  },
  {
    name: 'mapping target with a space',
    mutate: (d) => set(d, `${FN}/1/mappings/0/targetName`, 'report customer'),
    twin: (d) => set(d, `${FN}/1/mappings/0/targetName`, 'report.customer_name'),
    official: { code: 'schema-pattern', pointer: `${FN}/1/mappings/0/targetName` },
  },
  {
    name: 'mapped string with neither mapping nor value',
    mutate: (d) => remove(d, `${FN}/0/outputParameters/0/items/properties/id/mapping`),
    twin: (d) => set(d, `${FN}/0/outputParameters/0/items/properties/id/mapping`, '$.uid'),
    official: { code: 'schema-missing-property', pointer: `${FN}/0/outputParameters/0/items/properties/id` },
  },
  {
    name: 'mapped number with both mapping and value',
    mutate: (d) => set(d, `${FN}/0/outputParameters/0/items/properties/total/value`, '1'),
    twin: (d) => set(d, `${FN}/0/outputParameters/0/items/properties/total/const`, 1),
    official: {
      code: 'schema-conflicting-properties',
      pointer: `${FN}/0/outputParameters/0/items/properties/total`,
    },
  },
  {
    name: 'mapped object with mapping and no properties',
    mutate: (d) => set(d, `${FN}/0/outputParameters/0/items`, { type: 'object', mapping: '$.' }),
    twin: (d) =>
      set(d, `${FN}/0/outputParameters/0/items`, {
        type: 'object',
        mapping: '$.',
        properties: { id: { type: 'string', mapping: '$.id' } },
      }),
    official: { code: 'schema-missing-property', pointer: `${FN}/0/outputParameters/0/items` },
    compatible: 'valid',
  },
  {
    name: 'mapped object with neither properties nor mapping',
    mutate: (d) => set(d, `${FN}/0/outputParameters/0/items`, { type: 'object' }),
    twin: (d) => set(d, `${FN}/0/outputParameters/0/items`, { type: 'object', properties: {} }),
    official: { code: 'schema-missing-property', pointer: `${FN}/0/outputParameters/0/items` },
  },
  {
    name: 'mapped array without items',
    mutate: (d) => remove(d, `${FN}/0/outputParameters/0/items`),
    twin: (d) => set(d, `${FN}/0/outputParameters/0/mapping`, '$.orders'),
    official: { code: 'schema-missing-property', pointer: `${FN}/0/outputParameters/0` },
    compatible: 'valid', // a community construct, normalised at load
  },
  {
    name: 'mapped output type strng',
    mutate: (d) => set(d, `${FN}/0/outputParameters/0/items/properties/kind/type`, 'strng'),
    twin: (d) => set(d, `${FN}/0/outputParameters/0/items/properties/kind/type`, 'string'),
    official: { code: 'schema-enum', pointer: `${FN}/0/outputParameters/0/items/properties/kind/type` },
  },
  {
    name: 'orchestrated array with no items',
    mutate: (d) => set(d, `${FN}/1/outputParameters/0/properties/scores/items`, []),
    twin: (d) =>
      set(d, `${FN}/1/outputParameters/0/properties/scores/items`, [{ name: 'value', type: 'boolean' }]),
    official: { code: 'schema-min-items', pointer: `${FN}/1/outputParameters/0/properties/scores/items` },
  },
  {
    name: 'orchestrated field without name',
    mutate: (d) => remove(d, `${FN}/1/outputParameters/0/properties/customer/name`),
    twin: (d) => set(d, `${FN}/1/outputParameters/0/properties/customer/name`, 'client'),
    official: { code: 'schema-missing-property', pointer: `${FN}/1/outputParameters/0/properties/customer` },
  },
  {
    name: 'mock output of type object',
    mutate: (d) => set(d, `${MCP}/tools/3/outputParameters/0/type`, 'object'),
    twin: (d) => set(d, `${MCP}/tools/3/outputParameters/0/type`, 'boolean'),
    official: { code: 'schema-enum', pointer: `${MCP}/tools/3/outputParameters/0/type` },
  },
  {
    name: 'with value true',
    mutate: (d) => set(d, `${FN}/0/with/limit`, true),
    twin: (d) => set(d, `${FN}/0/with/limit`, 2.5),
    official: { code: 'schema-type', pointer: `${FN}/0/with/limit` },
  },
  // REST
  {
    name: 'quoted port',
    mutate: (d) => set(d, `${REST}/port`, '8081'),
    twin: (d) => set(d, `${REST}/port`, 8091),
    official: { code: 'schema-type', pointer: `${REST}/port` },
  },
  {
    name: 'port 0',
    mutate: (d) => set(d, `${REST}/port`, 0),
    twin: (d) => set(d, `${REST}/port`, 1),
    official: { code: 'schema-minimum', pointer: `${REST}/port` },
  },
  {
    name: 'port 70000',
    mutate: (d) => set(d, `${REST}/port`, 70000),
    twin: (d) => set(d, `${REST}/port`, 65535),
    official: { code: 'schema-maximum', pointer: `${REST}/port` },
  },
  {
    name: 'fractional port',
    mutate: (d) => set(d, `${REST}/port`, 80.5),
    twin: (d) => set(d, `${REST}/port`, 80),
    official: { code: 'schema-type', pointer: `${REST}/port` },
  },
  {
    name: 'rest expose without namespace',
    mutate: (d) => remove(d, `${REST}/namespace`),
    twin: (d) => set(d, `${REST}/namespace`, 'orders-rest-2'),
    official: { code: 'schema-missing-property', pointer: REST },
  },
  {
    name: 'expose type grpc',
    mutate: (d) => set(d, `${REST}/type`, 'grpc'),
    twin: (d) => set(d, `${REST}/type`, 'rest'),
    official: { code: 'schema-enum', pointer: `${REST}/type` },
  },
  {
    name: 'expose without type',
    mutate: (d) => remove(d, `${REST}/type`),
    twin: (d) => remove(d, `${REST}/address`),
    official: { code: 'schema-missing-property', pointer: REST },
  },
  {
    name: 'community rest description',
    mutate: (d) => set(d, `${REST}/description`, 'Orders over REST.'),
    twin: (d) => set(d, `${REST}/address`, '0.0.0.0'),
    official: { code: 'schema-unknown-property', pointer: `${REST}/description` },
    compatible: 'valid',
  },
  {
    name: 'address with a space',
    mutate: (d) => set(d, `${REST}/address`, 'my host'),
    twin: (d) => set(d, `${REST}/address`, 'my-host.local'),
    official: { code: 'schema-pattern', pointer: `${REST}/address` },
  },
  {
    name: 'rest operation method get',
    mutate: (d) => set(d, `${REST}/resources/0/operations/0/method`, 'get'),
    twin: (d) => set(d, `${REST}/resources/0/operations/0/method`, 'DELETE'),
    official: { code: 'schema-enum', pointer: `${REST}/resources/0/operations/0/method` },
    compatible: 'valid', // a case variant, folded at load
  },
  {
    name: 'rest resource with neither operations nor forward',
    mutate: (d) => remove(d, `${REST}/resources/1/forward`),
    twin: (d) => set(d, `${REST}/resources/1/operations`, []),
    official: { code: 'schema-missing-property', pointer: `${REST}/resources/1` },
  },
  {
    name: 'forward with no trusted headers',
    mutate: (d) => set(d, `${REST}/resources/1/forward/trustedHeaders`, []),
    twin: (d) => remove(d, `${REST}/resources/1/forward/trustedHeaders`),
    official: { code: 'schema-min-items', pointer: `${REST}/resources/1/forward/trustedHeaders` },
  },
  {
    name: 'exposed parameter without description',
    mutate: (d) => remove(d, `${REST}/resources/0/inputParameters/0/description`),
    twin: (d) => remove(d, `${REST}/resources/0/inputParameters/0/pattern`),
    official: { code: 'schema-missing-property', pointer: `${REST}/resources/0/inputParameters/0` },
    compatible: 'valid', // a community construct, normalised at load
  },
  {
    name: 'exposed parameter from the environment',
    mutate: (d) => set(d, `${REST}/resources/0/inputParameters/0/in`, 'environment'),
    twin: (d) => set(d, `${REST}/resources/0/inputParameters/0/in`, 'cookie'),
    official: { code: 'schema-enum', pointer: `${REST}/resources/0/inputParameters/0/in` },
  },
  {
    name: 'orchestrated rest operation without name',
    mutate: (d) => remove(d, `${REST}/resources/0/operations/1/name`),
    twin: (d) => set(d, `${REST}/resources/0/operations/1/name`, 'summary'),
    official: { code: 'schema-missing-property', pointer: `${REST}/resources/0/operations/1` },
  },
  {
    name: 'rest operation with call and steps',
    mutate: (d) =>
      set(d, `${REST}/resources/0/operations/0/steps`, get(d, `${REST}/resources/0/operations/1/steps`)),
    twin: (d) => remove(d, `${REST}/resources/0/operations/0/with`),
    official: 'valid',
  },
  // MCP
  {
    name: 'stdio with a port',
    mutate: (d) => set(d, `${STDIO}/port`, 9000),
    twin: (d) => {
      set(d, `${STDIO}/port`, 9000);
      set(d, `${STDIO}/transport`, 'http');
    },
    official: { code: 'schema-forbidden-property', pointer: `${STDIO}/port` },
  },
  {
    name: 'http mcp without port',
    mutate: (d) => remove(d, `${MCP}/port`),
    twin: (d) => {
      remove(d, `${MCP}/port`);
      set(d, `${MCP}/transport`, 'stdio');
    },
    official: { code: 'schema-missing-property', pointer: MCP },
  },
  {
    name: 'transport sse',
    mutate: (d) => set(d, `${MCP}/transport`, 'sse'),
    twin: (d) => remove(d, `${MCP}/transport`),
    official: { code: 'schema-enum', pointer: `${MCP}/transport` },
  },
  {
    name: 'mcp without tools',
    mutate: (d) => remove(d, `${STDIO}/tools`),
    twin: (d) => set(d, `${STDIO}/tools`, [{ ref: 'order-fns.find-orders' }]),
    official: { code: 'schema-missing-property', pointer: STDIO },
    compatible: 'valid', // a community construct, normalised at load
  },
  {
    name: 'empty tools',
    mutate: (d) => set(d, `${STDIO}/tools`, []),
    twin: (d) => set(d, `${STDIO}/tools`, [{ ref: 'order-fns.find-orders' }]),
    official: { code: 'schema-min-items', pointer: `${STDIO}/tools` },
    compatible: 'valid', // a community construct, normalised at load
  },
  {
    name: 'tool name with a space',
    mutate: (d) => set(d, `${MCP}/tools/0/name`, 'list orders'),
    twin: (d) => set(d, `${MCP}/tools/0/name`, 'list-orders-2'),
    official: { code: 'schema-pattern', pointer: `${MCP}/tools/0/name` },
  },
  {
    name: 'tool call without operation',
    mutate: (d) => set(d, `${MCP}/tools/0/call`, 'orders-api'),
    twin: (d) => set(d, `${MCP}/tools/0/call`, 'orders-api.get-order'),
    official: { code: 'schema-pattern', pointer: `${MCP}/tools/0/call` },
  },
  {
    name: 'tool without description',
    mutate: (d) => remove(d, `${MCP}/tools/0/description`),
    twin: (d) => remove(d, `${MCP}/tools/0/label`),
    official: { code: 'schema-missing-property', pointer: `${MCP}/tools/0` },
    compatible: 'valid', // a community construct, normalised at load
  },
  {
    name: 'tool that does nothing',
    mutate: (d) => set(d, `${MCP}/tools/3`, { name: 'noop', description: 'Nothing.' }),
    twin: (d) => set(d, `${MCP}/tools/3`, { ref: 'order-fns.sample' }),
    official: { code: 'schema-missing-property', pointer: `${MCP}/tools/3` },
  },
  {
    name: 'tool with call and steps',
    mutate: (d) => set(d, `${MCP}/tools/1/call`, 'orders-api.list-orders'),
    twin: (d) => remove(d, `${MCP}/tools/1/mappings`),
    official: 'valid',
  },
  {
    name: 'tool hint as a string',
    mutate: (d) => set(d, `${MCP}/tools/0/hints/readOnly`, 'yes'),
    twin: (d) => set(d, `${MCP}/tools/0/hints/readOnly`, false),
    official: { code: 'schema-type', pointer: `${MCP}/tools/0/hints/readOnly` },
  },
  {
    name: 'tool parameter type date',
    mutate: (d) => set(d, `${MCP}/tools/0/inputParameters/0/type`, 'date'),
    twin: (d) => set(d, `${MCP}/tools/0/inputParameters/0/type`, 'integer'),
    official: { code: 'schema-enum', pointer: `${MCP}/tools/0/inputParameters/0/type` },
  },
  {
    name: 'resource with call and location',
    mutate: (d) => set(d, `${MCP}/resources/0/location`, 'file:///srv/latest.json'),
    twin: (d) => {
      for (const key of ['call', 'with', 'outputParameters']) remove(d, `${MCP}/resources/0/${key}`);
      set(d, `${MCP}/resources/0/location`, 'file:///srv/latest.json');
    },
    official: { code: 'schema-forbidden-property', pointer: `${MCP}/resources/0/location` },
  },
  {
    name: 'resource with call and steps',
    mutate: (d) => {
      remove(d, `${MCP}/resources/0/outputParameters`);
      set(d, `${MCP}/resources/0/steps`, get(d, `${MCP}/resources/1/steps`));
    },
    twin: (d) => remove(d, `${MCP}/resources/0/outputParameters`),
    official: { code: 'schema-conflicting-properties', pointer: `${MCP}/resources/0` },
  },
  {
    name: 'resource with an http location',
    mutate: (d) => set(d, `${MCP}/resources/2/location`, 'https://docs.example.com/handbook.md'),
    twin: (d) => set(d, `${MCP}/resources/2/location`, 'file:///srv/docs/other.md'),
    official: { code: 'schema-pattern', pointer: `${MCP}/resources/2/location` },
  },
  {
    name: 'resource mime type without subtype',
    mutate: (d) => set(d, `${MCP}/resources/0/mimeType`, 'json'),
    twin: (d) => set(d, `${MCP}/resources/0/mimeType`, 'text/plain'),
    official: { code: 'schema-pattern', pointer: `${MCP}/resources/0/mimeType` },
  },
  {
    name: 'prompt with template and location',
    mutate: (d) => set(d, `${MCP}/prompts/0/location`, 'file:///srv/prompts/triage.md'),
    twin: (d) => {
      remove(d, `${MCP}/prompts/0/template`);
      set(d, `${MCP}/prompts/0/location`, 'file:///srv/prompts/triage.md');
    },
    official: { code: 'schema-forbidden-property', pointer: `${MCP}/prompts/0/location` },
  },
  {
    name: 'prompt with neither template nor location',
    mutate: (d) => remove(d, `${MCP}/prompts/1/location`),
    twin: (d) => {
      remove(d, `${MCP}/prompts/1/location`);
      set(d, `${MCP}/prompts/1/template`, [{ role: 'user', content: 'Escalate.' }]);
    },
    official: { code: 'schema-missing-property', pointer: `${MCP}/prompts/1` },
  },
  {
    name: 'prompt message role system',
    mutate: (d) => set(d, `${MCP}/prompts/0/template/0/role`, 'system'),
    twin: (d) => set(d, `${MCP}/prompts/0/template/0/role`, 'assistant'),
    official: { code: 'schema-enum', pointer: `${MCP}/prompts/0/template/0/role` },
  },
  // Skill
  {
    name: 'skill expose without skills',
    mutate: (d) => remove(d, `${SKILL}/skills`),
    twin: (d) => remove(d, `${SKILL}/description`),
    official: { code: 'schema-missing-property', pointer: SKILL },
  },
  {
    name: 'skill description over 1024 characters',
    mutate: (d) => set(d, `${SKILL}/skills/0/description`, long(1025)),
    twin: (d) => set(d, `${SKILL}/skills/0/description`, long(1024)),
    official: { code: 'schema-max-length', pointer: `${SKILL}/skills/0/description` },
  },
  {
    name: 'skill tool with from and instruction',
    mutate: (d) => set(d, `${SKILL}/skills/0/tools/0/instruction`, 'Use it.'),
    twin: (d) => set(d, `${SKILL}/skills/0/tools/1/instruction`, 'Call someone.'),
    official: { code: 'schema-conflicting-properties', pointer: `${SKILL}/skills/0/tools/0` },
  },
  {
    name: 'skill tool with neither from nor instruction',
    mutate: (d) => remove(d, `${SKILL}/skills/0/tools/1/instruction`),
    twin: (d) => set(d, `${SKILL}/skills/0/tools/1/instruction`, 'Page the on-call engineer.'),
    official: { code: 'schema-missing-property', pointer: `${SKILL}/skills/0/tools/1` },
  },
  {
    name: 'skill tool from without action',
    mutate: (d) => remove(d, `${SKILL}/skills/0/tools/0/from/action`),
    twin: (d) => set(d, `${SKILL}/skills/0/tools/0/from/action`, 'order-report'),
    official: { code: 'schema-missing-property', pointer: `${SKILL}/skills/0/tools/0/from` },
  },
  {
    name: 'skill metadata with a number',
    mutate: (d) => set(d, `${SKILL}/skills/0/metadata/version`, 2),
    twin: (d) => set(d, `${SKILL}/skills/0/metadata/version`, '2'),
    official: { code: 'schema-type', pointer: `${SKILL}/skills/0/metadata/version` },
  },
  // Control
  {
    name: 'control without port',
    mutate: (d) => remove(d, `${CONTROL}/port`),
    twin: (d) => remove(d, `${CONTROL}/address`),
    official: { code: 'schema-missing-property', pointer: CONTROL },
  },
  {
    name: 'control with a namespace',
    mutate: (d) => set(d, `${CONTROL}/namespace`, 'ops'),
    twin: (d) => set(d, `${CONTROL}/address`, '127.0.0.1'),
    official: { code: 'schema-unknown-property', pointer: `${CONTROL}/namespace` },
  },
  {
    name: 'logs as a string',
    mutate: (d) => set(d, `${CONTROL}/management/logs`, 'yes'),
    twin: (d) => set(d, `${CONTROL}/management/logs`, false),
    official: { code: 'schema-type', pointer: `${CONTROL}/management/logs` },
  },
  {
    name: 'too many log subscribers',
    mutate: (d) => set(d, `${CONTROL}/management/logs/max-subscribers`, 21),
    twin: (d) => set(d, `${CONTROL}/management/logs/max-subscribers`, 20),
    official: { code: 'schema-maximum', pointer: `${CONTROL}/management/logs/max-subscribers` },
  },
  {
    name: 'script timeout 0',
    mutate: (d) => set(d, `${CONTROL}/management/scripting/timeout`, 0),
    twin: (d) => set(d, `${CONTROL}/management/scripting/timeout`, 1),
    official: { code: 'schema-minimum', pointer: `${CONTROL}/management/scripting/timeout` },
  },
  {
    name: 'default language ruby',
    mutate: (d) => set(d, `${CONTROL}/management/scripting/defaultLanguage`, 'ruby'),
    twin: (d) => set(d, `${CONTROL}/management/scripting/defaultLanguage`, 'groovy'),
    official: { code: 'schema-enum', pointer: `${CONTROL}/management/scripting/defaultLanguage` },
  },
  {
    name: 'trace sampling above 1',
    mutate: (d) => set(d, `${CONTROL}/observability/traces/sampling`, 1.5),
    twin: (d) => set(d, `${CONTROL}/observability/traces/sampling`, 1),
    official: { code: 'schema-maximum', pointer: `${CONTROL}/observability/traces/sampling` },
  },
  {
    name: 'trace buffer too small',
    mutate: (d) => set(d, `${CONTROL}/observability/traces/local/buffer-size`, 5),
    twin: (d) => set(d, `${CONTROL}/observability/traces/local/buffer-size`, 10),
    official: { code: 'schema-minimum', pointer: `${CONTROL}/observability/traces/local/buffer-size` },
  },
  {
    name: 'observability with an unknown key',
    mutate: (d) => set(d, `${CONTROL}/observability/metric`, { local: { enabled: true } }),
    twin: (d) => set(d, `${CONTROL}/observability/enabled`, false),
    official: { code: 'schema-unknown-property', pointer: `${CONTROL}/observability/metric` },
  },
  {
    name: 'otlp exporter without endpoint',
    mutate: (d) => set(d, `${CONTROL}/observability/exporters/otlp`, {}),
    twin: (d) => set(d, `${CONTROL}/observability/exporters/otlp`, { endpoint: 'http://collector:4318' }),
    official: { code: 'schema-missing-property', pointer: `${CONTROL}/observability/exporters/otlp` },
  },
];

let everyConstruct: Doc | undefined;

export function apply(edit: (doc: Doc) => void): Doc {
  everyConstruct ??= fixture('every-construct.yaml');
  const doc = structuredClone(everyConstruct);
  edit(doc);
  return doc;
}

export function verdict(validate: ValidateFunction, doc: unknown): boolean {
  return validate(doc) === true;
}

/** Every JSON pointer of a document, containers and leaves alike (the root excluded). */
export function pointersOf(value: unknown, pointer = ''): string[] {
  if (typeof value !== 'object' || value === null) return [];
  const entries = Array.isArray(value)
    ? value.map((item, index) => [String(index), item] as const)
    : Object.entries(value);
  return entries.flatMap(([key, child]) => {
    const here = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    return [here, ...pointersOf(child, here)];
  });
}
