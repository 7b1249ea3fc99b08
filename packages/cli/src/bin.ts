#!/usr/bin/env node
import { createProcessIo } from './cli-io.js';
import { main } from './main.js';

// `naftiko validate ... | head` closes the pipe early; that is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

process.exitCode = await main({ argv: process.argv.slice(2), io: createProcessIo() });
