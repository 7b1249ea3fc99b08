import { createJsonLogger, type LogFields, type Logger, type LogLevel } from '@naftiko/core';
import type { CliOutput } from '../cli-io.js';
import { createColors } from '../format/create-colors.js';

export interface CreateRunLoggerOptions {
  level: LogLevel;
  /** stderr: stdout may carry MCP over stdio, and is where listener lines go. */
  output: CliOutput;
  /** One readable line per entry (a terminal) instead of JSON lines (files, collectors). */
  pretty: boolean;
  color: boolean;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** The `naftiko run` logger: pretty on a terminal, JSON lines otherwise. */
export function createRunLogger({ level, output, pretty, color }: CreateRunLoggerOptions): Logger {
  if (!pretty) return createJsonLogger({ level, write: (line) => output.write(line) });
  const colors = createColors({ enabled: color });
  const paint: Record<LogLevel, (text: string) => string> = {
    debug: colors.dim,
    info: colors.blue,
    warn: colors.yellow,
    error: colors.red,
  };
  const log = (entry: LogLevel) => (message: string, fields?: LogFields) => {
    if (ORDER[entry] < ORDER[level]) return;
    const time = new Date().toISOString().slice(11, 23);
    const details = fields === undefined ? '' : formatFields(fields);
    output.write(`${colors.dim(time)} ${paint[entry](entry.toUpperCase().padEnd(5))} ${message}${details}\n`);
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

function formatFields(fields: LogFields): string {
  let out = '';
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    out += ` ${key}=${formatValue(value)}`;
  }
  return out;
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return /^[\w.:/@-]+$/.test(value) ? value : JSON.stringify(value);
  if (value instanceof Error) return JSON.stringify(value.message);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return '[unserializable]';
  }
}
