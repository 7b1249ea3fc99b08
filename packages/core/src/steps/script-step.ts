/**
 * Script steps: JavaScript only, run with `node:vm` in a fresh context per call, with a time
 * budget, no `require`, no `process`, and no code generation from strings (`eval`/`Function`).
 * Data crosses the boundary as JSON text, so the script never holds a host object. node:vm is
 * not a security boundary against hostile code: scripts are part of the capability, written by
 * its author, like the rest of the file.
 *
 * The script sees one variable, `context` (running parameters, step outputs by step name, and
 * `with`), and must assign `result`.
 */
import { join } from 'node:path';
import { types } from 'node:util';
import { type Context, createContext, Script } from 'node:vm';
import { type OperationStepScriptSpec, readRegularFile } from '@naftiko/spec';
import { parseBindLocation } from '../binds/bind-location.js';
import { NaftikoError } from '../errors.js';

export const DEFAULT_SCRIPT_TIMEOUT_MS = 1000;
/** A script is code written by the capability's author: a megabyte is already a lot. */
const MAX_SCRIPT_BYTES = 1024 * 1024;

export interface ScriptStep {
  run(context: Record<string, unknown>): unknown;
}

export interface CompileScriptStepOptions {
  step: OperationStepScriptSpec;
  baseDir: string;
  place: string;
  timeoutMs?: number;
}

// Besides `context`, the prelude pins two globals the script cannot replace (non-configurable)
// before it runs: the slot a thrown value is handed back through, and the function that turns it
// into text inside the context, under the time budget.
const PRELUDE = new Script(`
globalThis.context = JSON.parse(globalThis.__input);
delete globalThis.__input;
Object.defineProperty(globalThis, '__thrown', { value: undefined, writable: true, configurable: false });
Object.defineProperty(globalThis, '__describe', {
  configurable: false,
  writable: false,
  value: function (thrown) {
    if (thrown !== null && typeof thrown === 'object' && typeof thrown.message === 'string') return thrown.message;
    return String(thrown);
  },
});`);
const DESCRIBE = new Script('__describe(__thrown)');

/**
 * `displayErrors: false`: with it on, Node (20) decorates whatever escapes the script by reading
 * its `stack` after the watchdog has stopped, so `throw { get stack() { while (true) {} } }` (or a
 * Proxy) would hang the process outside the time budget.
 */
const RUN_OPTIONS = (timeout: number) => ({ timeout, displayErrors: false });
const EPILOGUE = new Script(
  'typeof result === "undefined" ? undefined : JSON.stringify(result === undefined ? null : result)',
);

export function compileScriptStep(options: CompileScriptStepOptions): ScriptStep {
  const { step, baseDir, place, timeoutMs = DEFAULT_SCRIPT_TIMEOUT_MS } = options;
  const language = step.language ?? 'javascript';
  if (language !== 'javascript') {
    throw new NaftikoError(
      'SCRIPT_UNSUPPORTED',
      `Step "${step.name}" in ${place} is written in ${language}; naftiko runs javascript scripts only. Port the script to JavaScript.`,
      { data: { step: step.name, language } },
    );
  }
  const directory = scriptDirectory(step, baseDir, place);
  const scripts = [...(step.dependencies ?? []), step.file].map((file) => {
    const path = join(directory, file);
    const read = readRegularFile({ path, maxBytes: MAX_SCRIPT_BYTES });
    if (!read.bytes) {
      throw new NaftikoError(
        'ACTION_INVALID',
        `Step "${step.name}" in ${place}: cannot read script ${path}: it ${read.problem.reason}.`,
        {
          cause: read.problem.cause,
          data: { place, step: step.name, path },
        },
      );
    }
    const source = read.bytes.toString('utf8');
    try {
      return new Script(source, { filename: path });
    } catch (error) {
      throw new NaftikoError(
        'ACTION_INVALID',
        `Step "${step.name}" in ${place}: script ${path} does not parse: ${(error as Error).message}.`,
        { cause: error, data: { place, step: step.name, path } },
      );
    }
  });

  return {
    run: (input) => {
      // A null-prototype sandbox: a host-realm object would lead `this.constructor.constructor`
      // to the host's Function, outside the context's code-generation ban.
      const sandbox: Record<string, unknown> = Object.create(null);
      sandbox.__input = JSON.stringify(input);
      const context = createContext(sandbox, {
        name: `naftiko step ${step.name}`,
        codeGeneration: { strings: false, wasm: false },
        microtaskMode: 'afterEvaluate',
      });
      let output: unknown;
      try {
        PRELUDE.runInContext(context);
        for (const script of scripts) script.runInContext(context, RUN_OPTIONS(timeoutMs));
        output = EPILOGUE.runInContext(context, RUN_OPTIONS(timeoutMs));
      } catch (error) {
        // Apart from recognising node's timeout error, the host touches nothing of what the
        // script threw (an object with a hostile getter, toString or Proxy trap): it hands it
        // back to the context to describe, under the same time budget.
        if (types.isNativeError(error)) {
          // isNativeError is false for a Proxy, and a real error's own data property runs no code.
          const code = Object.getOwnPropertyDescriptor(error, 'code');
          if (code !== undefined && 'value' in code && code.value === 'ERR_SCRIPT_EXECUTION_TIMEOUT') {
            throw new NaftikoError(
              'SCRIPT_TIMEOUT',
              `Step "${step.name}" in ${place} ran longer than ${timeoutMs} ms.`,
              { data: { step: step.name, timeoutMs } },
            );
          }
        }
        throw new NaftikoError(
          'SCRIPT_FAILED',
          `Step "${step.name}" in ${place} threw: ${describeThrown(sandbox, context, error, timeoutMs)}`,
          { data: { step: step.name } },
        );
      }
      if (output === undefined) {
        throw new NaftikoError(
          'SCRIPT_FAILED',
          `Step "${step.name}" in ${place} did not assign \`result\`.`,
          {
            data: { step: step.name },
          },
        );
      }
      if (typeof output !== 'string') {
        // A replaced JSON.stringify answered something else: never convert it out here.
        throw new NaftikoError(
          'SCRIPT_FAILED',
          `Step "${step.name}" in ${place}: \`result\` is not JSON-serialisable.`,
          { data: { step: step.name } },
        );
      }
      return JSON.parse(output);
    },
  };
}

/** Text for a thrown value, computed inside the context with the step's time budget. */
function describeThrown(
  sandbox: Record<string, unknown>,
  context: Context,
  thrown: unknown,
  timeoutMs: number,
): string {
  try {
    // A data property the prelude made non-configurable: this write runs no script code.
    sandbox.__thrown = thrown;
    const text = DESCRIBE.runInContext(context, RUN_OPTIONS(timeoutMs));
    if (typeof text === 'string') return text.length > 500 ? `${text.slice(0, 499)}…` : text;
  } catch {
    // the description itself threw or ran out of time
  }
  return 'a value that cannot be turned into text within the time budget';
}

function scriptDirectory(step: OperationStepScriptSpec, baseDir: string, place: string): string {
  if (step.location === undefined) return baseDir;
  const location = parseBindLocation(step.location, baseDir);
  if (location.kind !== 'file' || location.candidates[0] === undefined) {
    throw new NaftikoError(
      'ACTION_INVALID',
      `Step "${step.name}" in ${place}: location "${step.location}" must be a file:/// directory.`,
      { data: { place, step: step.name } },
    );
  }
  return location.candidates[0];
}
