import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { CliIo } from '../cli-io.js';
import { describeErrno } from '../validate/resolve-inputs.js';

export interface WriteOutputOptions {
  text: string;
  /** A path relative to the cwd; undefined writes to stdout. */
  output: string | undefined;
  io: CliIo;
}

/** Writes a generated document; false (after saying why on stderr) when the file cannot be written. */
export async function writeOutput({ text, output, io }: WriteOutputOptions): Promise<boolean> {
  if (output === undefined) {
    io.stdout.write(text);
    return true;
  }
  try {
    await writeFile(resolve(io.cwd, output), text, 'utf8');
    return true;
  } catch (error) {
    io.stderr.write(`naftiko: cannot write '${output}': ${describeErrno(error)}.\n`);
    return false;
  }
}
