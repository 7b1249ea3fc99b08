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
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createContext, Script } from 'node:vm';
import { parseBindLocation } from '../binds/bind-location.js';
import { NaftikoError } from '../errors.js';
import type { OperationStepScriptSpec } from '../spec-types.js';

export const DEFAULT_SCRIPT_TIMEOUT_MS = 1000;

export interface ScriptStep {
  run(context: Record<string, unknown>): unknown;
}

export interface CompileScriptStepOptions {
  step: OperationStepScriptSpec;
  baseDir: string;
  place: string;
  timeoutMs?: number;
}

const PRELUDE = new Script('globalThis.context = JSON.parse(globalThis.__input); delete globalThis.__input;');
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
    let source: string;
    try {
      source = readFileSync(path, 'utf8');
    } catch (error) {
      throw new NaftikoError(
        'ACTION_INVALID',
        `Step "${step.name}" in ${place}: cannot read script ${path}.`,
        {
          cause: error,
          data: { place, step: step.name, path },
        },
      );
    }
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
        for (const script of scripts) script.runInContext(context, { timeout: timeoutMs });
        output = EPILOGUE.runInContext(context, { timeout: timeoutMs });
      } catch (error) {
        if ((error as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') {
          throw new NaftikoError(
            'SCRIPT_TIMEOUT',
            `Step "${step.name}" in ${place} ran longer than ${timeoutMs} ms.`,
            {
              data: { step: step.name, timeoutMs },
            },
          );
        }
        throw new NaftikoError(
          'SCRIPT_FAILED',
          `Step "${step.name}" in ${place} threw: ${error instanceof Error ? error.message : String(error)}`,
          { cause: error, data: { step: step.name } },
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
      return JSON.parse(String(output));
    },
  };
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
