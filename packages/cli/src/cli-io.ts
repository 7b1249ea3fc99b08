/** Where a command writes. Tests pass their own; the bin passes the process's streams. */
export interface CliOutput {
  write(text: string): void;
  /** Colour is used only when the stream is a terminal. */
  readonly isTTY?: boolean;
}

export interface CliIo {
  readonly stdout: CliOutput;
  readonly stderr: CliOutput;
  /** Relative paths and globs resolve against this directory. */
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export function createProcessIo(): CliIo {
  return {
    stdout: {
      write: (text) => process.stdout.write(text),
      isTTY: process.stdout.isTTY === true,
    },
    stderr: {
      write: (text) => process.stderr.write(text),
      isTTY: process.stderr.isTTY === true,
    },
    cwd: process.cwd(),
    env: process.env,
  };
}
