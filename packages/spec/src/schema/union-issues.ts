import { describePattern } from '../model/patterns.js';
import { code, joinWords, nodeLabel, showValue } from './describe-schema-value.js';
import { enumIssue, typeIssue } from './scalar-issues.js';
import type { SchemaIssue } from './schema-issue.js';
import {
  childPointer,
  equal,
  type Frame,
  isObject,
  issue,
  matchesType,
  patternRegExp,
  resolve,
  type SchemaNode,
  type WalkContext,
} from './schema-walk.js';

/** Issues of `not`, `anyOf` and `oneOf`: which union branch the user meant, and what it lacks. */

/** Keys named by `required` anywhere in a `not` schema (`{required}` or `{anyOf: [{required}]}`). */
function requiredKeysIn(schema: unknown): string[] {
  if (!isObject(schema)) return [];
  const own = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  const nested = [schema.anyOf, schema.oneOf, schema.allOf]
    .filter(Array.isArray)
    .flatMap((branches) => (branches as unknown[]).flatMap(requiredKeysIn));
  return [...own, ...nested];
}

export function notIssues(
  context: WalkContext,
  node: SchemaNode,
  value: unknown,
  frame: Frame,
): SchemaIssue[] {
  const matches =
    context.explain(context, node.not, value, { ...frame, when: undefined, depth: frame.depth + 1 })
      .length === 0;
  if (!matches) return [];
  const forbidden = isObject(value)
    ? requiredKeysIn(node.not).filter((key) => Object.hasOwn(value, key))
    : [];
  if (forbidden.length === 0) {
    return [
      issue(
        'schema-invalid',
        frame.pointer,
        `${nodeLabel(frame.pointer)} has a combination of keys that is not allowed.`,
      ),
    ];
  }
  const companions = Array.isArray(node.required)
    ? (node.required as string[]).filter((key) => isObject(value) && Object.hasOwn(value, key))
    : [];
  const reason = frame.when
    ? `it is not allowed ${frame.when}`
    : companions.length > 0
      ? `it cannot be used together with ${joinWords(companions.map(code), 'and')}`
      : 'it is not allowed here';
  return [...new Set(forbidden)].map((key) =>
    issue('schema-forbidden-property', childPointer(frame.pointer, key), `Remove ${code(key)}: ${reason}.`),
  );
}

interface Branch {
  schema: unknown;
  node: SchemaNode;
  definition: string | undefined;
}

/** Allowed values of `key` in a branch, when the branch pins it with `const` or `enum`. */
function pinnedValues(branch: Branch, key: string): unknown[] | undefined {
  const properties = isObject(branch.node.properties) ? branch.node.properties : undefined;
  const property = properties?.[key];
  if (!isObject(property)) return undefined;
  if ('const' in property) return [property.const];
  if (Array.isArray(property.enum)) return property.enum;
  return undefined;
}

/** A key every branch pins to distinct values: `type` for most unions, `transport` for MCP. */
function findDiscriminator(branches: Branch[]): string | undefined {
  const [first] = branches;
  if (!first || branches.length < 2 || !isObject(first.node.properties)) return undefined;
  const keys = Object.keys(first.node.properties).filter((key) =>
    branches.every((branch) => pinnedValues(branch, key)),
  );
  return keys.includes('type') ? 'type' : keys[0];
}

function requiredOf(branch: Branch): string[] {
  return Array.isArray(branch.node.required) ? (branch.node.required as string[]) : [];
}

export function unionIssues(
  context: WalkContext,
  owner: SchemaNode,
  schemas: unknown[],
  kind: 'anyOf' | 'oneOf',
  value: unknown,
  frame: Frame,
): SchemaIssue[] {
  // A union of whole alternatives (no keys of its own) versus extra constraints on an object.
  const standalone = owner.type === undefined && owner.properties === undefined;
  const branches: Branch[] = schemas.map((schema) => {
    const resolved = resolve(context, schema, frame.definition);
    return { schema, node: isObject(resolved.node) ? resolved.node : {}, definition: resolved.definition };
  });

  let candidates = branches.filter(
    (branch) => branch.node.type === undefined || matchesType(branch.node.type, value),
  );
  if (candidates.length === 0) {
    const types = branches
      .flatMap((branch) => [branch.node.type].flat())
      .filter((type): type is string => typeof type === 'string');
    return [typeIssue(types, value, frame.pointer)];
  }
  if (
    candidates.every((branch) => branch.node.type === 'string' && typeof branch.node.pattern === 'string') &&
    typeof value === 'string'
  ) {
    if (candidates.some((branch) => patternRegExp(branch.node.pattern as string).test(value))) return [];
    const words = candidates.map(
      (branch) => describePattern(branch.node.pattern as string) ?? code(branch.node.pattern as string),
    );
    return [
      issue(
        'schema-pattern',
        frame.pointer,
        `${nodeLabel(frame.pointer)} ${code(showValue(value))} is not valid: expected ${joinWords(words)}.`,
      ),
    ];
  }

  let when = frame.when;
  const discriminator = isObject(value) ? findDiscriminator(candidates) : undefined;
  if (discriminator !== undefined && isObject(value)) {
    const allowed = [...new Set(candidates.flatMap((branch) => pinnedValues(branch, discriminator) ?? []))];
    const keyPointer = childPointer(frame.pointer, discriminator);
    if (!Object.hasOwn(value, discriminator)) {
      if (standalone) {
        return [
          issue(
            'schema-missing-property',
            frame.pointer,
            `${nodeLabel(frame.pointer)} is missing the required key ${code(discriminator)}: one of ${joinWords(allowed.map((item) => code(showValue(item))))}.`,
          ),
        ];
      }
    } else {
      const selected = candidates.filter((branch) =>
        pinnedValues(branch, discriminator)?.some((item) => equal(item, value[discriminator])),
      );
      if (selected.length === 0) {
        return [enumIssue(context, allowed, value[discriminator], { ...frame, pointer: keyPointer })];
      }
      candidates = selected;
      if (!standalone) when = `when ${code(discriminator)} is ${code(showValue(value[discriminator]))}`;
    }
  }

  const evaluated = candidates.map((branch) => ({
    branch,
    issues: context.explain(context, branch.schema, value, {
      ...frame,
      when,
      ...(!standalone && isObject(owner.properties) ? { ownerProperties: owner.properties } : {}),
      depth: frame.depth + 1,
    }),
  }));
  const passing = evaluated.filter((entry) => entry.issues.length === 0);
  if (kind === 'anyOf' && passing.length > 0) return [];
  if (kind === 'oneOf' && passing.length === 1) return [];
  if (passing.length > 1)
    return [
      conflictIssue(
        passing.map((entry) => entry.branch),
        value,
        frame,
      ),
    ];
  return pickIntended(evaluated, candidates, value, frame);
}

function conflictIssue(passing: Branch[], value: unknown, frame: Frame): SchemaIssue {
  const shared = passing.map(requiredOf).reduce((common, keys) => common.filter((key) => keys.includes(key)));
  const keys = [...new Set(passing.flatMap(requiredOf))].filter(
    (key) => !shared.includes(key) && isObject(value) && Object.hasOwn(value, key),
  );
  if (keys.length < 2) {
    return issue(
      'schema-invalid',
      frame.pointer,
      `${nodeLabel(frame.pointer)} matches more than one form; make it match exactly one.`,
    );
  }
  return issue(
    'schema-conflicting-properties',
    frame.pointer,
    `${nodeLabel(frame.pointer)} uses ${joinWords(keys.map(code), 'and')} together; keep only one of them.`,
  );
}

/**
 * Chooses the failing branch the user meant: most of its distinguishing required keys present
 * (less those absent), then fewest problems, then the first. When several branches tie and each only lacks keys,
 * one issue lists the alternatives.
 */
function pickIntended(
  evaluated: { branch: Branch; issues: SchemaIssue[] }[],
  candidates: Branch[],
  value: unknown,
  frame: Frame,
): SchemaIssue[] {
  const everywhere = candidates
    .map(requiredOf)
    .reduce((common, keys) => common.filter((key) => keys.includes(key)));
  // Present distinguishing keys count for a branch, absent ones against it: a REST operation with
  // `call` and a `name` is not meant as the `steps` form just because that form requires `name`.
  const intent = (branch: Branch) =>
    requiredOf(branch)
      .filter((key) => !everywhere.includes(key))
      .reduce((score, key) => score + (isObject(value) && Object.hasOwn(value, key) ? 1 : -1), 0);
  const ranked = [...evaluated].sort(
    (a, b) => intent(b.branch) - intent(a.branch) || a.issues.length - b.issues.length,
  );
  const best = ranked[0]!;
  const tied = ranked.filter(
    (entry) => intent(entry.branch) === intent(best.branch) && entry.issues.length === best.issues.length,
  );
  const onlyMissing = (entry: { issues: SchemaIssue[] }) =>
    entry.issues.every((item) => item.code === 'schema-missing-property' && item.pointer === frame.pointer);
  if (tied.length > 1 && tied.every(onlyMissing) && isObject(value)) {
    const missingOf = (branch: Branch) => requiredOf(branch).filter((key) => !Object.hasOwn(value, key));
    // A key every alternative misses (a tool's `description`) is said once, not in each one.
    const missing = tied.map((entry) => missingOf(entry.branch));
    const common = missing.reduce((kept, keys) => kept.filter((key) => keys.includes(key)));
    const shared = missing.every((keys) => keys.length > common.length) ? common : [];
    const alternatives = tied.map((entry) =>
      joinWords(
        missingOf(entry.branch)
          .filter((key) => !shared.includes(key))
          .map((key) => {
            const pinned = pinnedValues(entry.branch, key);
            return pinned?.length === 1 ? code(`${key}: ${showValue(pinned[0])}`) : code(key);
          }),
        'and',
      ),
    );
    return [
      issue(
        'schema-missing-property',
        frame.pointer,
        `${nodeLabel(frame.pointer)} ${shared.length > 0 ? `is missing ${joinWords(shared.map(code), 'and')} and ` : ''}needs one of ${joinWords([...new Set(alternatives)])}.`,
      ),
    ];
  }
  return best.issues;
}
