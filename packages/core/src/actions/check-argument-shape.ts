import type { ArgumentIssue } from '../extension.js';

export interface ArgumentShapeLimits {
  /** Deepest nesting of objects and arrays (the arguments object itself is level 1). */
  maxDepth: number;
  /** Most object keys plus array items, counted over the whole value. */
  maxKeys: number;
}

/** Far beyond any real tool call or request body; far below what blocks the event loop. */
export const DEFAULT_ARGUMENT_LIMITS: ArgumentShapeLimits = { maxDepth: 64, maxKeys: 10_000 };

/**
 * Checks the size of arguments before anything walks them (validation, `with` resolution, body
 * templates, redaction): 200,000 keys blocked the event loop for 1.5 s, and a 5,000-deep value
 * overflowed the stack in a recursive step and surfaced as an upstream failure. Iterative, and it
 * stops at the first limit passed, so a hostile value costs at most `maxKeys` steps. Undefined
 * when the value is within the limits.
 */
export function checkArgumentShape(
  value: unknown,
  limits: ArgumentShapeLimits = DEFAULT_ARGUMENT_LIMITS,
): ArgumentIssue | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { maxDepth, maxKeys } = limits;
  const stack: unknown[] = [value];
  const depths: number[] = [1];
  let keys = 0;
  while (stack.length > 0) {
    const current = stack.pop() as Record<string, unknown>;
    const depth = depths.pop() as number;
    if (depth > maxDepth) {
      return {
        field: '',
        keyword: 'maxDepth',
        message: `the arguments nest deeper than ${maxDepth} levels; send flatter values`,
      };
    }
    for (const key in current) {
      keys += 1;
      if (keys > maxKeys) {
        return {
          field: '',
          keyword: 'maxKeys',
          message: `the arguments hold more than ${maxKeys} keys and items in all; send fewer`,
        };
      }
      const child = current[key];
      if (typeof child === 'object' && child !== null) {
        stack.push(child);
        depths.push(depth + 1);
      }
    }
  }
  return undefined;
}
