import { parse as parseCsv } from 'csv-parse/sync';
import { XMLParser } from 'fast-xml-parser';
import { parse as parseYaml } from 'yaml';

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

// Shaped like the reference engine's Jackson XmlMapper so JSONPath mappings written against it
// keep working: the root element is unwrapped, attributes and child elements are plain fields,
// the text of an element with attributes is under '', values stay strings.
const xmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  textNodeName: '',
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
});

/**
 * Converts an upstream body according to the operation's `outputRawFormat`. Throws an Error whose
 * message says what is malformed; the caller turns it into a NaftikoError naming the operation.
 * `html` and `markdown` are returned as text: the reference engine's table extraction (jsoup CSS
 * selectors, commonmark tables) is not implemented here, and the raw text is what agents read.
 */
export function parseResponseBody(format: string, text: string): ParsedBody {
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
    case 'xml':
      return { type: 'data', value: text.trim() === '' ? null : parseXml(text) };
    case 'csv':
    case 'tsv':
    case 'psv':
      return {
        type: 'data',
        value: parseCsv(text, {
          columns: true,
          delimiter: DELIMITERS[format],
          bom: true,
          skip_empty_lines: true,
          // TSV has no quoting convention; a literal '"' in a cell must stay a character.
          quote: format === 'tsv' ? false : '"',
        }) as Record<string, string>[],
      };
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

function parseXml(text: string): unknown {
  const document = xmlParser.parse(text, true) as Record<string, unknown>;
  const roots = Object.keys(document);
  if (roots.length === 1) return document[roots[0] as string];
  return document;
}
