/**
 * Most templates are text with `{{name}}` or `{{ns.name}}` insertions: auth values, headers,
 * parameter values, JSON bodies. Those need none of Handlebars' compiler, whose first use costs
 * milliseconds of every start. This reads such a template into segments that render exactly as
 * the Handlebars path of `template.ts` does (same values, same JSON string context, same line
 * and column in messages); anything else (blocks, helpers, `{{{raw}}}`, `~`, `@data`, `../`,
 * `this`, literals, escapes, comments) returns undefined and goes to Handlebars.
 */
import { type JsonScan, scanJson } from './scan-json.js';

export interface SimpleInsertion {
  /** The dotted path, split. */
  parts: string[];
  /** As written (`env.KEY`), for messages. */
  name: string;
  /** Inside a JSON string literal (json mode only). */
  inString: boolean;
  /** Where `{{` starts, as Handlebars reports it: line 1-based, column 0-based. */
  line: number;
  column: number;
}

export type SimpleSegment = string | SimpleInsertion;

export interface SimpleTemplate {
  segments: SimpleSegment[];
  /** Unique paths in order of appearance, as `template.variables`. */
  variables: string[];
}

// Handlebars' lexer reads these words as literals or keywords, not as names.
const RESERVED = new Set(['true', 'false', 'null', 'undefined', 'this', 'else', 'as']);
const MUSTACHE = /\{\{([^{}]*)\}\}/g;
const PATH = /^\s*([A-Za-z_$][\w$-]*(?:\.[A-Za-z_$][\w$-]*)*)\s*$/;
const LINE_BREAK = /\r\n?|\n/g;

/**
 * `separated` is the source after `separateClosingBraces`, so that positions match the text
 * Handlebars parses; the empty comments that function inserts are skipped here.
 */
export function parseSimpleTemplate(
  source: string,
  separated: string,
  json: boolean,
): SimpleTemplate | undefined {
  // Escapes (`\{{`), comments and triple stashes are Handlebars' business.
  if (source.includes('{{!') || source.includes('{{{') || source.includes('\\{{')) return undefined;
  const segments: SimpleSegment[] = [];
  const variables: string[] = [];
  let scan: JsonScan = { inString: false, escaped: false };
  let from = 0;
  const lines = lineStarts(separated);
  for (const match of separated.matchAll(MUSTACHE)) {
    const at = match.index;
    const text = separated.slice(from, at);
    if (text.includes('{{')) return undefined;
    from = at + match[0].length;
    if (text !== '') segments.push(text);
    if (json) scan = scanJson(text, scan);
    const body = match[1] as string;
    if (body === '!') continue; // inserted by separateClosingBraces
    const name = PATH.exec(body)?.[1];
    if (name === undefined) return undefined;
    const parts = name.split('.');
    if (parts.some((part) => RESERVED.has(part))) return undefined;
    const line = lineOf(lines, at);
    segments.push({
      parts,
      name,
      inString: scan.inString,
      line: line + 1,
      column: at - (lines[line] as number),
    });
    if (!variables.includes(name)) variables.push(name);
  }
  const rest = separated.slice(from);
  if (rest.includes('{{')) return undefined;
  if (rest !== '') segments.push(rest);
  return { segments, variables };
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (const match of text.matchAll(LINE_BREAK)) starts.push(match.index + match[0].length);
  return starts;
}

function lineOf(starts: readonly number[], offset: number): number {
  let line = 0;
  while (line + 1 < starts.length && (starts[line + 1] as number) <= offset) line += 1;
  return line;
}
