import type { XMLParser } from 'fast-xml-parser';
// yaml is imported eagerly: @naftiko/spec has already loaded it to read the capability.
import { parse as parseYaml } from 'yaml';
import { createLazyImport } from './create-lazy-import.js';

/** What a consumed operation's upstream answer becomes for mapping and for exposers. */
export type ParsedBody = { type: 'data'; value: unknown } | { type: 'text'; text: string };

/** The `outputRawFormat` values this consumer converts; avro/protobuf need schema files and are refused. */
export const SUPPORTED_RAW_FORMATS = [
  'json',
  'text',
  'xml',
  'yaml',
  'csv',
  'tsv',
  'psv',
  'html',
  'markdown',
] as const;

const DELIMITERS: Record<string, string> = { csv: ',', tsv: '\t', psv: '|' };

// fast-xml-parser and csv-parse cost tens of milliseconds to import and most capabilities never
// see XML or CSV: compileOperation preloads them for operations declaring those formats.
const xmlParser = createLazyImport(async () => {
  const { XMLParser } = await import('fast-xml-parser');
  // Shaped like the reference engine's Jackson XmlMapper so JSONPath mappings written against it
  // keep working: the root element is unwrapped, attributes and child elements are plain fields,
  // the text of an element with attributes is under '', values stay strings.
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    textNodeName: '',
    ignoreDeclaration: true,
    ignorePiTags: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
  });
});
const csvParser = createLazyImport(async () => (await import('csv-parse/sync')).parse);
type ParseCsv = NonNullable<typeof csvParser.value>;

/**
 * Starts loading the parser `format` needs, at load time of an operation declaring it, so its
 * first response does not wait for the import. Formats without a lazy parser are a no-op.
 */
export function preloadResponseParser(format: string): void {
  if (format === 'xml') xmlParser.preload();
  else if (Object.hasOwn(DELIMITERS, format)) csvParser.preload();
}

/**
 * Converts an upstream body according to the operation's `outputRawFormat`. Throws (or rejects
 * with) an Error whose message says what is malformed; the caller turns it into a NaftikoError
 * naming the operation. Synchronous except for the first XML/CSV body while its parser loads.
 * `html` and `markdown` are returned as text: the reference engine's table extraction (jsoup CSS
 * selectors, commonmark tables) is not implemented here, and the raw text is what agents read.
 */
export function parseResponseBody(format: string, text: string): ParsedBody | Promise<ParsedBody> {
  switch (format) {
    case 'json':
      // An empty 2xx body (204, or a DELETE answering nothing) is "no value", not a parse error.
      return { type: 'data', value: text.trim() === '' ? null : parseJson(text) };
    case 'text':
    case 'html':
    case 'markdown':
      return { type: 'text', text };
    case 'yaml':
      return { type: 'data', value: text.trim() === '' ? null : (parseYaml(text) ?? null) };
    case 'xml': {
      if (text.trim() === '') return { type: 'data', value: null };
      const parser = xmlParser.value;
      if (parser !== undefined) return { type: 'data', value: parseXml(parser, text) };
      return xmlParser.load().then((loaded) => ({ type: 'data', value: parseXml(loaded, text) }));
    }
    case 'csv':
    case 'tsv':
    case 'psv': {
      const parse = csvParser.value;
      if (parse !== undefined) return { type: 'data', value: parseDelimited(parse, format, text) };
      return csvParser
        .load()
        .then((loaded) => ({ type: 'data', value: parseDelimited(loaded, format, text) }));
    }
    default:
      throw new Error(
        `outputRawFormat '${format}' is not supported by the http consumer; use one of ${SUPPORTED_RAW_FORMATS.join(', ')}`,
      );
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`the upstream answered invalid JSON (${(error as Error).message})`);
  }
}

function parseDelimited(parse: ParseCsv, format: string, text: string): Record<string, string>[] {
  return parse(text, {
    columns: true,
    delimiter: DELIMITERS[format],
    bom: true,
    skip_empty_lines: true,
    // TSV has no quoting convention; a literal '"' in a cell must stay a character.
    quote: format === 'tsv' ? false : '"',
  }) as Record<string, string>[];
}

function parseXml(xmlParser: XMLParser, text: string): unknown {
  const document = xmlParser.parse(text, true) as Record<string, unknown>;
  const roots = Object.keys(document);
  if (roots.length === 1) return document[roots[0] as string];
  return document;
}
