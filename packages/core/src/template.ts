/**
 * Handlebars templates, compiled once at load, rendered on the request path.
 *
 * Every `{{expr}}` is rewritten (on the parsed AST) into a call of one internal helper that
 * formats the value for the template's mode, and reports missing variables. This is what lets
 * a JSON body template stay valid JSON whatever the argument holds (the reference engine's open
 * bug #749), and lets auth values and paths fail loudly instead of rendering "".
 *
 * Modes:
 * - `text`: values as text; objects and arrays as JSON (never `[object Object]`); null/missing ''.
 * - `json`: the template is JSON text. Inside a JSON string literal (`"{{x}}"`) a value is
 *   inserted JSON-string-escaped (objects as escaped JSON text). Outside a string literal
 *   (`{{x}}`) a value is inserted as a JSON value: objects/arrays/numbers/booleans as JSON, a
 *   string as a quoted JSON string unless it already is a JSON number/true/false/null literal,
 *   missing/null as `null`. Whether an insertion sits inside a string literal is decided by
 *   scanning the literal text before it (quote parity, backslash escapes).
 * - `url`: text, then percent-encoded as one URI component.
 * `{{{expr}}}` (triple stash) inserts the text form unescaped in every mode: an explicit escape
 * hatch for authors who build JSON fragments themselves.
 */
import Handlebars from 'handlebars';
import { NaftikoError } from './errors.js';
import { type JsonScan, scanJson } from './scan-json.js';
import { parseSimpleTemplate, type SimpleTemplate } from './simple-template.js';

export type TemplateMode = 'text' | 'json' | 'url';
/** What templates render against; see `createTemplateContext`. */
export type TemplateContext = Record<string, unknown>;

export interface CompileTemplateOptions {
  /** Default 'text'. */
  mode?: TemplateMode;
  /** Where the template lives, for messages: e.g. `consumes "github" authentication.token`. */
  place?: string;
}

export interface RenderOptions {
  /** A missing (undefined or null) variable throws TEMPLATE_MISSING_VARIABLE naming it. */
  strict?: boolean;
}

export interface RenderReport {
  text: string;
  /** Variables that were undefined or null, in order of appearance (may repeat). */
  missing: string[];
}

export interface Template {
  readonly source: string;
  readonly mode: TemplateMode;
  readonly place: string;
  /** Top-level variables the template references (`env.KEY`, `tools.body`, `name`), unique. */
  readonly variables: readonly string[];
  /** No `{{` at all: rendering returns `source`. */
  readonly isStatic: boolean;
  /** The template is exactly one `{{path}}`: that path (lets callers keep the value's type). */
  readonly singleVariable?: string;
  render(context: TemplateContext, options?: RenderOptions): string;
  renderReport(context: TemplateContext): RenderReport;
  /**
   * For a single-variable template, the variable's value with its type (undefined when missing,
   * or TEMPLATE_MISSING_VARIABLE when strict); otherwise the rendered text.
   */
  renderValue(context: TemplateContext, options?: RenderOptions): unknown;
}

export type CompileTemplate = (source: string, options?: CompileTemplateOptions) => Template;

const INSERT_HELPER = 'naftikoInsert';
const BLOCK_HELPERS = new Set(['if', 'unless', 'each', 'with']);
const VALUE_HELPERS = new Set(['lookup']);
// Blocks whose body sees a different `this`: relative paths inside are not top-level variables.
const SCOPE_CHANGING = new Set(['each', 'with']);
const JSON_LITERAL = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)$/;

type InsertKind = 'string' | 'value' | 'raw';

interface RenderState {
  strict: boolean;
  mode: TemplateMode;
  place: string;
  missing: string[];
}

interface HelperOptions {
  data?: { naftiko?: RenderState };
  loc?: { start: { line: number; column: number } };
}

// An isolated instance: nothing registered here leaks into (or from) other Handlebars users.
const hb = Handlebars.create();
// `log` writes to the console: a template must never be a way to print bound secrets.
hb.unregisterHelper('log');
hb.registerHelper(INSERT_HELPER, (value: unknown, name: string, kind: InsertKind, options: HelperOptions) => {
  const state = options.data?.naftiko;
  if (state === undefined) return toText(value);
  return insert(value, name, kind, state, options.loc?.start);
});

/** One `{{expr}}`: reports a missing value, then formats it for the mode. */
function insert(
  value: unknown,
  name: string,
  kind: InsertKind,
  state: RenderState,
  loc: { line: number; column: number } | undefined,
): string {
  if (value === undefined || value === null) {
    if (state.strict) {
      throw new NaftikoError(
        'TEMPLATE_MISSING_VARIABLE',
        `Template variable "${name}" has no value in ${state.place}${loc ? ` (line ${loc.line}, column ${loc.column + 1})` : ''}. Bind it (binds keys) or pass it as an argument.`,
        { data: { variable: name, place: state.place } },
      );
    }
    state.missing.push(name);
  }
  return format(value, kind, state.mode);
}

type HandlebarsFn = (
  context: unknown,
  options: { data: { naftiko: RenderState }; allowProtoPropertiesByDefault: boolean },
) => string;
type TemplateFn = (context: TemplateContext, state: RenderState) => string;
interface HandlebarsInternals {
  Compiler: new () => { compile(ast: unknown, options: unknown): unknown };
  JavaScriptCompiler: new () => {
    compile(environment: unknown, options: unknown, context: undefined, asObject: true): unknown;
  };
  template(spec: unknown): HandlebarsFn;
}
const internals = hb as unknown as HandlebarsInternals;
const COMPILE_OPTIONS = { noEscape: true, data: true, knownHelpers: { [INSERT_HELPER]: true } };

interface CompiledSource {
  analysis: Analysis;
  fn: TemplateFn;
}

// `loadCapability` compiles every template to report problems, then the engine and its consumers
// compile the same sources again to serve: the parsed and compiled form depends only on source and
// mode (`place` only names it in messages), so it is shared. Bounded for long-lived processes.
const compiledSources = new Map<string, CompiledSource>();
const MAX_COMPILED_SOURCES = 1000;

/** Compile a template once; throws NaftikoError('TEMPLATE_SYNTAX') naming its place. */
export function compileTemplate(source: string, options: CompileTemplateOptions = {}): Template {
  const { mode = 'text', place = 'template' } = options;
  if (!source.includes('{{')) return staticTemplate(source, mode, place);

  const key = `${mode}\u0000${source}`;
  let compiled = compiledSources.get(key);
  if (compiled === undefined) {
    compiled = compileSource(source, place, mode);
    if (compiledSources.size >= MAX_COMPILED_SOURCES) {
      compiledSources.delete(compiledSources.keys().next().value as string);
    }
    compiledSources.set(key, compiled);
  }
  return createTemplate(source, mode, place, compiled);
}

function createTemplate(
  source: string,
  mode: TemplateMode,
  place: string,
  { analysis, fn }: CompiledSource,
): Template {
  const run = (context: TemplateContext, strict: boolean): RenderReport => {
    const state: RenderState = { strict, mode, place, missing: [] };
    try {
      return { text: fn(context, state), missing: state.missing };
    } catch (error) {
      if (error instanceof NaftikoError) throw error;
      throw syntaxError(place, error);
    }
  };
  const singlePath = analysis.singlePath;
  return {
    source,
    mode,
    place,
    variables: [...analysis.variables],
    isStatic: false,
    ...(singlePath ? { singleVariable: singlePath.join('.') } : {}),
    render: (context, renderOptions = {}) => run(context, renderOptions.strict ?? false).text,
    renderReport: (context) => run(context, false),
    renderValue: (context, renderOptions = {}) => {
      if (!singlePath) return run(context, renderOptions.strict ?? false).text;
      const value = lookupPath(context, singlePath);
      if ((value === undefined || value === null) && renderOptions.strict) {
        run(context, true); // throws the standard missing-variable error
      }
      return value;
    },
  };
}

function compileSource(source: string, place: string, mode: TemplateMode): CompiledSource {
  const separated = separateClosingBraces(source);
  const simple = parseSimpleTemplate(source, separated, mode === 'json');
  return simple ? compileSimple(simple) : compileWithHandlebars(separated, place, mode);
}

/** Text and `{{path}}` insertions, rendered without Handlebars (see simple-template.ts). */
function compileSimple({ segments, variables }: SimpleTemplate): CompiledSource {
  const [only] = segments;
  const singlePath = segments.length === 1 && typeof only === 'object' ? [...only.parts] : undefined;
  const fn: TemplateFn = (context, state) => {
    let text = '';
    for (const segment of segments) {
      if (typeof segment === 'string') {
        text += segment;
      } else {
        const value = lookupPath(context, segment.parts);
        text += insert(value, segment.name, segment.inString ? 'string' : 'value', state, segment);
      }
    }
    return text;
  };
  return { analysis: { variables, ...(singlePath ? { singlePath } : {}) }, fn };
}

function compileWithHandlebars(separated: string, place: string, mode: TemplateMode): CompiledSource {
  let ast: hbs.AST.Program;
  try {
    ast = hb.parse(separated);
  } catch (error) {
    throw syntaxError(place, error);
  }
  const analysis = analyze(ast, place, mode);
  let hbFn: HandlebarsFn;
  try {
    // Compile now (Handlebars.compile would defer to the first render).
    const environment = new internals.Compiler().compile(ast, COMPILE_OPTIONS);
    hbFn = internals.template(
      new internals.JavaScriptCompiler().compile(environment, COMPILE_OPTIONS, undefined, true),
    );
  } catch (error) {
    throw syntaxError(place, error);
  }
  // Contexts inherit their bindings from a shared layer (see createTemplateContext), which
  // Handlebars refuses as prototype properties unless allowed. Inherited functions stay refused
  // (its method deny list); plain data inherits nothing else (`__proto__` is on its deny list).
  const fn: TemplateFn = (context, state) =>
    hbFn(context, { data: { naftiko: state }, allowProtoPropertiesByDefault: true });
  return { analysis, fn };
}

/**
 * Handlebars' own rendering of a template the simple path would take: the reference the
 * simple path is tested against. Not part of the package API.
 */
export function compileTemplateWithHandlebars(
  source: string,
  options: CompileTemplateOptions = {},
): Template {
  const { mode = 'text', place = 'template' } = options;
  return createTemplate(
    source,
    mode,
    place,
    compileWithHandlebars(separateClosingBraces(source), place, mode),
  );
}

/** The top-level variables a template references; [] for invalid templates. */
export function listTemplateVariables(source: string): string[] {
  if (!source.includes('{{')) return [];
  const simple = parseSimpleTemplate(source, separateClosingBraces(source), false);
  if (simple) return simple.variables;
  try {
    return [...analyze(hb.parse(separateClosingBraces(source)), 'template', 'text').variables];
  } catch {
    return [];
  }
}

/**
 * Looks a dotted path up in a template context as Handlebars does with
 * `allowProtoPropertiesByDefault` (so `renderValue`, the simple path and Handlebars agree): own
 * properties, and inherited ones (a context's binding layers, see `createTemplateContext`) except
 * functions and `__proto__`, so `constructor`, `toString` and the like are never reachable. A null
 * or undefined step ends the walk with that value.
 */
export function lookupPath(root: unknown, parts: readonly string[]): unknown {
  let value = root;
  for (const part of parts) {
    if (value === null || value === undefined) return value;
    const parent = value as Record<string, unknown>;
    value = parent[part];
    if (value === null || value === undefined || Object.hasOwn(parent, part)) continue;
    if (typeof value === 'function' || part === '__proto__') return undefined;
  }
  return value;
}

/**
 * JSON templates end mustaches right before a closing brace (`{"a": {{x}}}`), which the
 * Handlebars lexer reads as `}}}` (or `}}}}`) and rejects. An empty comment `{{!}}` after such a
 * mustache separates the brace without changing the output.
 */
export function separateClosingBraces(source: string): string {
  let out = '';
  let from = 0;
  let i = 0;
  for (;;) {
    const open = source.indexOf('{{', i);
    if (open < 0) break;
    if (open > 0 && source[open - 1] === '\\') {
      i = open + 2;
      continue;
    }
    let closeToken = '}}';
    if (source.startsWith('{{{{', open)) closeToken = '}}}}';
    else if (source.startsWith('{{{', open)) closeToken = '}}}';
    else if (source.startsWith('{{!--', open)) closeToken = '--}}';
    const close = source.indexOf(closeToken, open + 2);
    if (close < 0) break;
    const end = close + closeToken.length;
    const isComment = source.startsWith('{{!', open);
    if (!isComment && closeToken !== '}}}}' && source[end] === '}') {
      out += `${source.slice(from, end)}{{!}}`;
      from = end;
    }
    i = end;
  }
  return from === 0 ? source : out + source.slice(from);
}

function staticTemplate(source: string, mode: TemplateMode, place: string): Template {
  return {
    source,
    mode,
    place,
    variables: [],
    isStatic: true,
    render: () => source,
    renderReport: () => ({ text: source, missing: [] }),
    renderValue: () => source,
  };
}

function syntaxError(place: string, error: unknown): NaftikoError {
  const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return new NaftikoError('TEMPLATE_SYNTAX', `Invalid template in ${place}: ${detail}`, {
    cause: error,
    data: { place },
  });
}

// ---------------------------------------------------------------------------------------------
// Formatting
// ---------------------------------------------------------------------------------------------

function format(value: unknown, kind: InsertKind, mode: TemplateMode): string {
  if (kind === 'raw') return toText(value);
  if (mode === 'text') return toText(value);
  if (mode === 'url') return encodeURIComponent(toText(value));
  if (kind === 'string') return jsonEscape(toText(value));
  // A JSON value position.
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'string') return JSON_LITERAL.test(value) ? value : jsonQuote(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'bigint') return value.toString();
  return stringify(value);
}

function toText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') return stringify(value);
  return String(value);
}

function stringify(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, item) => (typeof item === 'bigint' ? item.toString() : item)) ?? '';
  } catch {
    return String(value);
  }
}

// U+2028/U+2029 are valid in JSON but break JavaScript string literals: escape them too.
function jsonQuote(text: string): string {
  return JSON.stringify(text)
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function jsonEscape(text: string): string {
  return jsonQuote(text).slice(1, -1);
}

// ---------------------------------------------------------------------------------------------
// AST analysis and rewriting
// ---------------------------------------------------------------------------------------------

interface Analysis {
  variables: string[];
  singlePath?: string[];
}

type Node = hbs.AST.Node & Record<string, unknown>;

function analyze(program: hbs.AST.Program, place: string, mode: TemplateMode): Analysis {
  const variables = new Set<string>();
  const singlePath = singleVariablePath(program);
  rewriteProgram(program, { inString: false, escaped: false }, 0, variables, place, mode);
  return { variables: [...variables], ...(singlePath ? { singlePath } : {}) };
}

function singleVariablePath(program: hbs.AST.Program): string[] | undefined {
  if (program.body.length !== 1) return undefined;
  const only = program.body[0] as Node;
  if (only.type !== 'MustacheStatement') return undefined;
  const mustache = only as unknown as hbs.AST.MustacheStatement;
  if (mustache.params.length > 0 || mustache.hash) return undefined;
  const path = mustache.path as hbs.AST.PathExpression;
  if (path.type !== 'PathExpression' || path.data || path.depth > 0 || path.parts.length === 0)
    return undefined;
  return [...path.parts];
}

function rewriteProgram(
  program: hbs.AST.Program | undefined,
  scan: JsonScan,
  scopeDepth: number,
  variables: Set<string>,
  place: string,
  mode: TemplateMode,
): JsonScan {
  if (!program) return scan;
  let state = { ...scan };
  program.body = program.body.map((statement) => {
    const node = statement as Node;
    switch (node.type) {
      case 'ContentStatement':
        if (mode === 'json') state = scanJson((node as unknown as hbs.AST.ContentStatement).value, state);
        return statement;
      case 'CommentStatement':
        return statement;
      case 'MustacheStatement':
        return rewriteMustache(
          node as unknown as hbs.AST.MustacheStatement,
          state,
          scopeDepth,
          variables,
          place,
        );
      case 'BlockStatement': {
        const block = node as unknown as hbs.AST.BlockStatement;
        const name = (block.path as hbs.AST.PathExpression).original;
        const isHelper = BLOCK_HELPERS.has(name) && block.path.type === 'PathExpression';
        if (!isHelper && (block.params.length > 0 || block.hash)) {
          throw syntaxError(place, new Error(`unknown block helper "${name}"`));
        }
        if (isHelper) {
          for (const param of block.params) collectExpression(param, scopeDepth, variables, place);
        } else {
          collectExpression(block.path, scopeDepth, variables, place);
        }
        // `{{#section}}` (mustache style) and each/with change `this` for their body.
        const innerDepth = !isHelper || SCOPE_CHANGING.has(name) ? scopeDepth + 1 : scopeDepth;
        const after = rewriteProgram(block.program, state, innerDepth, variables, place, mode);
        rewriteProgram(block.inverse, state, scopeDepth, variables, place, mode);
        state = after;
        return statement;
      }
      default:
        throw syntaxError(
          place,
          new Error(`${String(node.type)} (partials and decorators) is not supported`),
        );
    }
  });
  return state;
}

function rewriteMustache(
  mustache: hbs.AST.MustacheStatement,
  scan: JsonScan,
  scopeDepth: number,
  variables: Set<string>,
  place: string,
): hbs.AST.MustacheStatement {
  const hasArguments = mustache.params.length > 0 || mustache.hash !== undefined;
  let expression: hbs.AST.Expression;
  let name: string;
  if (hasArguments) {
    const helper = (mustache.path as hbs.AST.PathExpression).original;
    if (!VALUE_HELPERS.has(helper)) throw syntaxError(place, new Error(`unknown helper "${helper}"`));
    for (const param of mustache.params) collectExpression(param, scopeDepth, variables, place);
    expression = {
      type: 'SubExpression',
      path: mustache.path,
      params: mustache.params,
      hash: mustache.hash,
      loc: mustache.loc,
    } as hbs.AST.SubExpression;
    name = `${helper} ${mustache.params.map(describe).join(' ')}`;
  } else {
    collectExpression(mustache.path, scopeDepth, variables, place);
    expression = mustache.path as hbs.AST.Expression;
    name = describe(mustache.path);
  }
  const kind: InsertKind = !mustache.escaped ? 'raw' : scan.inString ? 'string' : 'value';
  const literal = (value: string) => ({ type: 'StringLiteral', value, original: value, loc: mustache.loc });
  return {
    ...mustache,
    path: {
      type: 'PathExpression',
      data: false,
      depth: 0,
      parts: [INSERT_HELPER],
      original: INSERT_HELPER,
      loc: mustache.loc,
    },
    params: [expression, literal(name), literal(kind)],
    hash: undefined,
    escaped: true,
  } as unknown as hbs.AST.MustacheStatement;
}

function collectExpression(
  expression: hbs.AST.Node,
  scopeDepth: number,
  variables: Set<string>,
  place: string,
): void {
  const node = expression as Node;
  if (node.type === 'PathExpression') {
    const path = node as unknown as hbs.AST.PathExpression;
    if (path.data) {
      if (path.parts[0] === 'root' && path.parts.length > 1) variables.add(path.parts.slice(1).join('.'));
      return;
    }
    if (path.depth > 0 || path.parts.length === 0) return;
    if (scopeDepth === 0) variables.add(path.parts.join('.'));
    return;
  }
  if (node.type === 'SubExpression') {
    const sub = node as unknown as hbs.AST.SubExpression;
    const helper = (sub.path as hbs.AST.PathExpression).original;
    if (!VALUE_HELPERS.has(helper)) throw syntaxError(place, new Error(`unknown helper "${helper}"`));
    for (const param of sub.params) collectExpression(param, scopeDepth, variables, place);
  }
}

function describe(expression: hbs.AST.Node): string {
  const node = expression as Node;
  if (node.type === 'PathExpression') return (node as unknown as hbs.AST.PathExpression).original;
  if ('original' in node) return String(node.original);
  return String(node.type);
}
