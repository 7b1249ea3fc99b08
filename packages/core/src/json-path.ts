/**
 * JSONPath expressions (jsonpath-plus, safe evaluation: no JavaScript eval of filters) compiled
 * at load: parsed once to reject bad syntax early and to learn whether the path is definite.
 */
import { JSONPath } from 'jsonpath-plus';
import { NaftikoError } from './errors.js';

export interface CompiledJsonPath {
  readonly source: string;
  /**
   * A definite path (no wildcard, filter, slice, union or descent) selects one value: its result
   * is that value, or null when absent. An indefinite path yields the array of matches.
   */
  readonly definite: boolean;
  evaluate(json: unknown): unknown;
}

export interface CompileJsonPathOptions {
  /** Where the expression lives, for messages. */
  place: string;
}

const ROOT: CompiledJsonPath = { source: '$', definite: true, evaluate: (json) => json ?? null };

export function compileJsonPath(expression: string, { place }: CompileJsonPathOptions): CompiledJsonPath {
  const trimmed = expression.trim();
  // `$` and `$.` both mean the whole document (the reference engine's pass-through idiom).
  if (trimmed === '' || trimmed === '$' || trimmed === '$.') return { ...ROOT, source: trimmed || '$' };
  // Paths written without the root (`data.id`) are read from the root, as Jayway does.
  const source = trimmed.startsWith('$') ? trimmed : `$.${trimmed.replace(/^\.+/, '')}`;
  let segments: string[];
  try {
    segments = JSONPath.toPathArray(source);
  } catch (error) {
    throw invalid(place, source, error);
  }
  if (segments.length === 0 || segments[0] !== '$') throw invalid(place, source, 'it must start with $');
  const definite = segments.every((segment) => !isIndefinite(segment));
  return {
    source,
    definite,
    evaluate: (json) => {
      if (typeof json !== 'object' || json === null) return definite ? null : [];
      let results: unknown[];
      try {
        results = JSONPath({ path: source, json, wrap: true, eval: 'safe' }) as unknown[];
      } catch (error) {
        throw invalid(place, source, error);
      }
      if (!definite) return results ?? [];
      return results?.[0] ?? null;
    },
  };
}

function isIndefinite(segment: string): boolean {
  return (
    segment === '*' ||
    segment === '..' ||
    segment.startsWith('?(') ||
    segment.startsWith('(') ||
    segment.includes(':') ||
    segment.includes(',') ||
    segment.startsWith('@') ||
    segment === '~' ||
    segment === '^'
  );
}

function invalid(place: string, source: string, error: unknown): NaftikoError {
  const detail = error instanceof Error ? error.message : String(error);
  return new NaftikoError('ACTION_INVALID', `Invalid JSONPath "${source}" in ${place}: ${detail}.`, {
    data: { place, expression: source },
    ...(error instanceof Error ? { cause: error } : {}),
  });
}
