import { isAbsolute, join, resolve } from 'node:path';
import { asArray, asString, type Dict, isDict } from './capability-index.js';
import { checkVersion } from './check-version.js';
import { didYouMean } from './closest-matches.js';
import type { Diagnostic, RuleDiagnostic } from './diagnostic.js';
import { createDiagnostic } from './diagnostic-codes.js';
import { IMPORT_SECTIONS } from './ikanos/ikanos-shape.js';
import { ikanosSchemaShape, isIkanosVersion } from './ikanos/ikanos-versions.js';
import { normalizeIkanos } from './ikanos/normalize-ikanos.js';
import { joinPointer } from './json-pointer.js';
import { type LoadedYaml, loadYaml } from './load-yaml.js';
import { placeDiagnostics } from './place-diagnostics.js';
import { readCapabilityFile } from './read-capability-file.js';
import { checkSchema } from './schema/check-schema.js';
import type { Dialect } from './schema/dialect.js';
import type { SourceRange } from './source-range.js';

/** Where a resolved consumes entry really lives, so diagnostics about it point into that file. */
export interface ImportOrigin {
  file: string;
  /** Pointer of the entry inside `file`. */
  pointer: string;
  locate(pointer: string): SourceRange | undefined;
}

export interface ResolveImportsOptions {
  document: Dict;
  /** Display path of the importing file (diagnostics). */
  file: string;
  /** Display directory imports resolve against (kept relative when the input path was). */
  displayDir: string;
  /** Absolute directory imports resolve against. */
  baseDir: string;
  /** Absolute path of the importing file, when it is a file (detects a file importing itself). */
  absolutePath?: string;
  locate(pointer: string): SourceRange | undefined;
  dialect: Dialect;
  maxBytes?: number;
  /** The key naming an import's file as the user writes it: `location` (alpha2) or `from` (ikanos). */
  locationKey?: 'location' | 'from';
}

export interface ResolvedImports {
  /** The document with every resolvable import replaced by the imported `ConsumesHttp`. */
  document: Dict;
  /** Import problems, positioned in the file where each belongs. */
  diagnostics: Diagnostic[];
  /** Entry pointer in `document` (such as `/capability/consumes/2`) -> where it came from. */
  origins: Map<string, ImportOrigin>;
}

interface ImportedFile {
  display: string;
  directory: { absolute: string; display: string };
  value?: Dict;
  locate(pointer: string): SourceRange | undefined;
}

interface Frame {
  file: string;
  displayDir: string;
  baseDir: string;
  locate(pointer: string): SourceRange | undefined;
}

const REMOTE = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//;
const MAX_CHAIN = 32;
const IMPORTABLE = /\.(ya?ml|json)$/i;

/**
 * Replaces `{location, import, as}` consumes entries with the entry they name, read from the
 * file `location` points at (relative to the importing file). Imported files are checked once
 * (load, version, schema); an import that leads back to itself is a cycle. Only local files are
 * read: fetching remote locations would make validation depend on the network.
 */
export function resolveImports(options: ResolveImportsOptions): ResolvedImports {
  const { document, dialect, maxBytes, locationKey = 'location' } = options;
  const diagnostics: Diagnostic[] = [];
  const origins = new Map<string, ImportOrigin>();
  const files = new Map<string, ImportedFile | { problem: string }>();
  const root: Frame = {
    file: options.file,
    displayDir: options.displayDir,
    baseDir: options.baseDir,
    locate: options.locate,
  };

  const report = (frame: Frame, diagnostic: RuleDiagnostic) => {
    diagnostics.push(...placeDiagnostics([diagnostic], frame.file, frame.locate));
  };

  const loadFile = (absolute: string, display: string): ImportedFile | { problem: string } => {
    const cached = files.get(absolute);
    if (cached) return cached;
    const read = readCapabilityFile({ path: absolute, maxBytes });
    if (!read.bytes) {
      const failed = { problem: read.problem.reason };
      files.set(absolute, failed);
      return failed;
    }
    const loaded: LoadedYaml = loadYaml({ source: read.bytes, maxBytes });
    const directory = { absolute: resolve(absolute, '..'), display: join(display, '..') };
    const imported: ImportedFile = { display, directory, locate: loaded.locate };
    const problems: RuleDiagnostic[] = [];
    if (isDict(loaded.value)) {
      imported.value = loaded.value;
      const version = checkVersion(loaded.value);
      problems.push(...version);
      const ikanos = isIkanosVersion(loaded.value.ikanos) ? loaded.value.ikanos : undefined;
      if (version.length === 0)
        problems.push(...checkSchema(loaded.value, ikanos ? `ikanos-${ikanosSchemaShape(ikanos)}` : dialect));
      if (ikanos && version.length === 0) {
        // An ikanos file is read into the alpha2 model like the capability itself; its
        // diagnostics still point where it is written.
        const normalized = normalizeIkanos(loaded.value);
        imported.value = normalized.document;
        imported.locate = (pointer) => loaded.locate(normalized.sourcePointer(pointer));
      }
    }
    diagnostics.push(...placeDiagnostics(loaded.diagnostics, display, loaded.locate));
    diagnostics.push(...placeDiagnostics(problems, display, loaded.locate));
    files.set(absolute, imported);
    return imported;
  };

  const resolveEntry = (
    entry: Dict,
    pointer: string,
    frame: Frame,
    chain: string[],
    section: ImportSection,
  ): { entry: Dict; origin: ImportOrigin } | undefined => {
    const location = asString(entry.location);
    const name = asString(entry.import);
    if (location === undefined || name === undefined) return undefined;
    const locationPointer = joinPointer(pointer, 'location');
    const relative = localPath(location);
    if (relative === undefined) {
      report(
        frame,
        createDiagnostic(
          'import-unsupported-location',
          locationPointer,
          `\`location: ${location}\` is not a local file; imports are read from disk only, so copy the shared file next to the capability and use a relative path`,
        ),
      );
      return undefined;
    }
    if (!IMPORTABLE.test(relative)) {
      report(
        frame,
        createDiagnostic(
          'import-unsupported-location',
          locationPointer,
          `\`location: ${location}\` is not a .yaml, .yml or .json file; imports read capability files only (this also keeps validation from reading arbitrary local files)`,
        ),
      );
      return undefined;
    }
    const absolute = resolve(frame.baseDir, relative);
    const display = isAbsolute(relative) ? relative : join(frame.displayDir, relative);
    const key = `${absolute}#${name}`;
    if (chain.length >= MAX_CHAIN) {
      report(
        frame,
        createDiagnostic(
          'import-cycle',
          locationPointer,
          `importing \`${name}\` goes through more than ${MAX_CHAIN} files; import the entry from the file that defines it`,
        ),
      );
      return undefined;
    }
    if (chain.includes(key)) {
      const steps = [...chain, key].map((step) => {
        const [path = '', namespace = ''] = step.split('#');
        return `\`${namespace}\` from ${path === absolute ? display : path}`;
      });
      report(
        frame,
        createDiagnostic(
          'import-cycle',
          locationPointer,
          `importing \`${name}\` from \`${display}\` leads back to itself (${steps.join(' -> ')}); define the entry inline in one of the files`,
        ),
      );
      return undefined;
    }
    const imported = loadFile(absolute, display);
    if ('problem' in imported) {
      report(
        frame,
        createDiagnostic(
          'import-not-found',
          locationPointer,
          `cannot import \`${name}\`: \`${location}\` (${display}) ${imported.problem}; \`${locationKey}\` is relative to the importing file`,
        ),
      );
      return undefined;
    }
    // The imported file failed to load; its own diagnostics say why.
    if (!imported.value) return undefined;

    const candidates = [
      ...asArray(imported.value[section]).map((item, index) => ({ item, pointer: `/${section}/${index}` })),
      ...asArray(isDict(imported.value.capability) ? imported.value.capability[section] : undefined).map(
        (item, index) => ({ item, pointer: `/capability/${section}/${index}` }),
      ),
    ].filter((candidate): candidate is { item: Dict; pointer: string } => isDict(candidate.item));
    const nextFrame: Frame = {
      file: imported.display,
      displayDir: imported.directory.display,
      baseDir: imported.directory.absolute,
      locate: imported.locate,
    };
    for (const candidate of candidates) {
      if (candidate.item.namespace === name && !isImport(candidate.item)) {
        return {
          entry: candidate.item,
          origin: { file: imported.display, pointer: candidate.pointer, locate: imported.locate },
        };
      }
      const alias = asString(candidate.item.as) ?? asString(candidate.item.import);
      if (isImport(candidate.item) && alias === name) {
        return resolveEntry(candidate.item, candidate.pointer, nextFrame, [...chain, key], section);
      }
    }
    const available = candidates
      .map(
        (candidate) =>
          asString(candidate.item.namespace) ??
          asString(candidate.item.as) ??
          asString(candidate.item.import),
      )
      .filter((namespace) => namespace !== undefined);
    report(
      frame,
      createDiagnostic(
        'import-namespace-not-found',
        joinPointer(pointer, 'import'),
        `\`${display}\` has no ${section} entry with namespace \`${name}\`${didYouMean(name, available) || (available.length > 0 ? `; it declares ${available.map((n) => `\`${n}\``).join(', ')}` : `; it declares no ${section} entries`)}`,
      ),
    );
    return undefined;
  };

  const resolveList = (list: unknown, listPointer: string, section: ImportSection): unknown[] | undefined => {
    if (!Array.isArray(list)) return undefined;
    let changed = false;
    const resolved = list.map((item, index) => {
      if (!isDict(item) || !isImport(item)) return item;
      const pointer = joinPointer(listPointer, index);
      const start = options.absolutePath
        ? [`${options.absolutePath}#${asString(item.as) ?? asString(item.import) ?? ''}`]
        : [];
      const result = resolveEntry(item, pointer, root, start, section);
      if (!result) return item;
      changed = true;
      origins.set(pointer, result.origin);
      const replaced: Dict = { ...result.entry, namespace: asString(item.as) ?? asString(item.import) };
      if (item.description !== undefined) replaced.description = item.description;
      return replaced;
    });
    return changed ? resolved : undefined;
  };

  let resolvedDocument = document;
  // alpha2 imports consumes entries only; ikanos documents (read into the same model) import
  // entries of every section, and no alpha2 entry of another section is an import.
  for (const section of IMPORT_SECTIONS) {
    const rootList = resolveList(document[section], `/${section}`, section);
    if (rootList) resolvedDocument = { ...resolvedDocument, [section]: rootList };
    const capability = resolvedDocument.capability;
    if (isDict(capability)) {
      const capabilityList = resolveList(capability[section], `/capability/${section}`, section);
      if (capabilityList)
        resolvedDocument = { ...resolvedDocument, capability: { ...capability, [section]: capabilityList } };
    }
  }
  return { document: resolvedDocument, diagnostics, origins };
}

type ImportSection = (typeof IMPORT_SECTIONS)[number];

/** `{import, location}`: an entry defined in another file (a binding's own `location` is not one). */
function isImport(entry: Dict): boolean {
  return entry.import !== undefined && entry.location !== undefined && entry.type === undefined;
}

/** The file path of a local `location` (plain path or `file://` URI), undefined for remote ones. */
function localPath(location: string): string | undefined {
  if (location.startsWith('file://')) {
    const path = decodeURIComponent(location.slice('file://'.length));
    // `file:///./shared/x.yaml` is the official examples' way to say "relative to this file".
    return /^\/\.\.?\//.test(path) ? path.slice(1) : path;
  }
  if (REMOTE.test(location)) return undefined;
  return location;
}
