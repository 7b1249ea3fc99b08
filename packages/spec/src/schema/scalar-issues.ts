import { describePattern } from '../model/patterns.js';
import { code, joinWords, jsonTypeOf, nodeLabel, showValue, typeWords } from './describe-schema-value.js';
import { didYouMean } from './did-you-mean.js';
import type { SchemaIssue } from './schema-issue.js';
import {
  type Frame,
  isObject,
  issue,
  patternRegExp,
  type SchemaNode,
  type WalkContext,
} from './schema-walk.js';

/** Issues of strings, numbers and single values (type, const, enum). */

const SHORT_TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  integer: 'a number',
  number: 'a number',
  boolean: 'a boolean',
  object: 'a mapping',
  array: 'a list',
};

export function typeIssue(types: string[], value: unknown, pointer: string): SchemaIssue {
  const expected = joinWords([...new Set(types)].map(typeWords));
  const actual = jsonTypeOf(value);
  let fix = '';
  if (typeof value === 'string' && types.some((type) => type === 'integer' || type === 'number')) {
    if (value.trim() !== '' && Number.isFinite(Number(value))) fix = ' Remove the quotes around the number.';
  } else if (typeof value === 'string' && types.includes('boolean') && /^(true|false)$/i.test(value)) {
    fix = ' Write true or false without quotes.';
  } else if (types.includes('string') && (typeof value === 'number' || typeof value === 'boolean')) {
    fix = ' Put the value in quotes.';
  } else if (types.includes('array') && isObject(value)) {
    fix = ' Write it as a list, each entry starting with `- `.';
  } else if (value === null) {
    fix = ' Give it a value or remove the key.';
  }
  const got =
    value === null
      ? 'empty'
      : `${SHORT_TYPE_WORDS[actual] ?? actual}${isObject(value) || Array.isArray(value) ? '' : ` (${code(showValue(value))})`}`;
  return issue('schema-type', pointer, `${nodeLabel(pointer)} must be ${expected}, not ${got}.${fix}`);
}

export function constIssue(expected: unknown, value: unknown, frame: Frame): SchemaIssue {
  return issue(
    'schema-const',
    frame.pointer,
    `${nodeLabel(frame.pointer)} must be ${code(showValue(expected))}, not ${code(showValue(value))}.`,
  );
}

export function enumIssue(
  context: WalkContext,
  allowed: unknown[],
  value: unknown,
  frame: Frame,
): SchemaIssue {
  // The compatible dialect also lists other letter cases (`GET`, `get`, `Get`); name each value once.
  const seen = new Set<string>();
  const shown = allowed.filter((item) => {
    const key = typeof item === 'string' ? item.toLowerCase() : JSON.stringify(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const list = joinWords(shown.map((item) => code(showValue(item))));
  const suggestion =
    typeof value === 'string'
      ? didYouMean(
          value,
          shown.filter((item): item is string => typeof item === 'string'),
        )
      : undefined;
  const hint = dialectHint(context, frame, value);
  return issue(
    'schema-enum',
    frame.pointer,
    `${nodeLabel(frame.pointer)} must be one of ${list}, not ${code(showValue(value))}.${
      suggestion ? ` Did you mean ${code(suggestion)}?` : ''
    }${hint}`,
  );
}

/** A hint about the other dialect for the property the frame points at. */
function dialectHint(context: WalkContext, frame: Frame, value?: unknown): string {
  const property = frame.pointer.split('/').pop();
  if (!context.dialectHint || frame.definition === undefined || property === undefined) return '';
  const parentDefinition = frame.parentDefinition ?? frame.definition;
  const hint = context.dialectHint({ definition: parentDefinition, property, value });
  return hint ? ` ${hint}` : '';
}

export function stringIssues(
  context: WalkContext,
  node: SchemaNode,
  value: string,
  pointer: string,
): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  const length = [...value].length;
  if (typeof node.minLength === 'number' && length < node.minLength) {
    issues.push(
      issue(
        'schema-min-length',
        pointer,
        node.minLength === 1
          ? `${nodeLabel(pointer)} must not be empty.`
          : `${nodeLabel(pointer)} must be at least ${node.minLength} characters long, not ${length}.`,
      ),
    );
  }
  if (typeof node.maxLength === 'number' && length > node.maxLength) {
    issues.push(
      issue(
        'schema-max-length',
        pointer,
        `${nodeLabel(pointer)} is ${length} characters long; the limit is ${node.maxLength}. Shorten it.`,
      ),
    );
  }
  if (typeof node.pattern === 'string' && !patternRegExp(node.pattern).test(value)) {
    const words = describePattern(node.pattern);
    issues.push(
      issue(
        'schema-pattern',
        pointer,
        `${nodeLabel(pointer)} ${code(showValue(value))} is not valid: ${
          words ? `expected ${words}` : `it must match the pattern ${code(node.pattern)}`
        }.`,
      ),
    );
  }
  if (node.format === 'uri' && !context.isUri(value)) {
    issues.push(
      issue(
        'schema-format',
        pointer,
        `${nodeLabel(pointer)} ${code(showValue(value))} is not an absolute URI: it needs a scheme, such as ${code('https://auth.example.com')}.`,
      ),
    );
  }
  return issues;
}

export function numberIssues(node: SchemaNode, value: number, pointer: string): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  const range =
    typeof node.minimum === 'number' && typeof node.maximum === 'number'
      ? ` (allowed: ${node.minimum} to ${node.maximum})`
      : '';
  if (typeof node.minimum === 'number' && value < node.minimum) {
    issues.push(
      issue(
        'schema-minimum',
        pointer,
        `${nodeLabel(pointer)} must be at least ${node.minimum}, not ${value}${range}.`,
      ),
    );
  }
  if (typeof node.maximum === 'number' && value > node.maximum) {
    issues.push(
      issue(
        'schema-maximum',
        pointer,
        `${nodeLabel(pointer)} must be at most ${node.maximum}, not ${value}${range}.`,
      ),
    );
  }
  return issues;
}
