import type { LogFields, Logger, LogLevel } from './extension.js';
import type { Redactor } from './redact.js';

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/**
 * The method of a level that is off. Wrappers recognise it and stay off too, so a request path
 * that logs at info pays nothing for redaction when only warnings are written.
 */
const disabled = (_message: string, _fields?: LogFields): void => {};

export interface CreateJsonLoggerOptions {
  /** Lowest level written; default 'info'. */
  level?: LogLevel;
  /** Default: process.stderr (stdout may carry a protocol, e.g. MCP over stdio). */
  write?: (line: string) => void;
}

/** One JSON object per line: `{ time, level, msg, ...fields }`. */
export function createJsonLogger({ level = 'info', write }: CreateJsonLoggerOptions = {}): Logger {
  const threshold = LEVELS[level];
  const out = write ?? ((line: string) => process.stderr.write(line));
  const log = (lvl: LogLevel) =>
    LEVELS[lvl] < threshold
      ? disabled
      : (message: string, fields?: LogFields) => {
          out(`${safeJson({ time: new Date().toISOString(), level: lvl, msg: message, ...fields })}\n`);
        };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

export const silentLogger: Logger = Object.freeze({
  debug: disabled,
  info: disabled,
  warn: disabled,
  error: disabled,
});

export interface CreateRedactingLoggerOptions {
  logger: Logger;
  redactor: Redactor;
}

/** A logger that removes bound secrets from messages and fields before they reach `logger`. */
export function createRedactingLogger({ logger, redactor }: CreateRedactingLoggerOptions): Logger {
  if (redactor.size === 0) return logger;
  const wrap = (lvl: LogLevel) => {
    if (logger[lvl] === disabled) return disabled;
    return (message: string, fields?: LogFields) =>
      logger[lvl](
        redactor.redact(message),
        fields === undefined ? undefined : redactor.redactValue(errorsToJson(fields)),
      );
  };
  return { debug: wrap('debug'), info: wrap('info'), warn: wrap('warn'), error: wrap('error') };
}

function errorsToJson(fields: LogFields): LogFields {
  const out: LogFields = {};
  for (const [key, value] of Object.entries(fields)) {
    out[key] =
      value instanceof Error ? { name: value.name, message: value.message, ...(value as object) } : value;
  }
  return out;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, item) => {
      if (typeof item === 'bigint') return item.toString();
      if (item instanceof Error) return { name: item.name, message: item.message, ...(item as object) };
      return item;
    });
  } catch {
    return JSON.stringify({ level: 'error', msg: 'unserializable log line' });
  }
}
