import { type FSWatcher, statSync, watch } from 'node:fs';
import { dirname } from 'node:path';
import {
  type Capability,
  type Engine,
  isNaftikoError,
  type Logger,
  loadCapability,
  parseBindLocation,
} from '@naftiko/core';
import type { Diagnostic } from '../diagnostic.js';

export interface CreateReloaderOptions {
  /** Absolute path of the capability file. */
  path: string;
  /** The path as the user wrote it, for messages. */
  shown: string;
  /** The version running now (as loaded, before `prepare`). */
  initial: Capability;
  engine: Engine;
  logger: Logger;
  /** What `run` adds to a loaded capability (`--control`), applied to each new version too. */
  prepare: (capability: Capability) => Capability;
  /** `--watch`: reload when the capability's folder (or a bind file's) changes. */
  watch: boolean;
  /** Where SIGHUP arrives; default the process. */
  signals: NodeJS.EventEmitter;
  /** Quiet time after a change before reloading, in ms (editors write in several steps). */
  debounceMs?: number;
}

export interface Reloader {
  /** Validates the file again and swaps it in; resolves once applied or refused. */
  reload(reason: string): Promise<void>;
  close(): void;
}

/**
 * Hot reload for `naftiko run`: on SIGHUP, or with `--watch` on a change in the folder of the
 * capability or of a bind file (editors replace files by rename and a Kubernetes ConfigMap swaps a
 * symlink, so folders are watched, not files), the capability is loaded and validated again,
 * imports and binds included. Valid, the engine swaps it in; invalid, or needing a restart, the
 * running one keeps serving and the log says why (each diagnostic as file:line:col).
 */
export function createReloader(options: CreateReloaderOptions): Reloader {
  const { path, shown, engine, logger, prepare, signals, initial, debounceMs = 150 } = options;
  let queue: Promise<void> = Promise.resolve();
  // What the running version was loaded from: watch events that change nothing are not reloads.
  let applied = fingerprintOf(initial);
  // The last refusal logged, so a watch event that changes nothing does not repeat it.
  let refused = '';
  let timer: NodeJS.Timeout | undefined;
  const watchers: FSWatcher[] = [];

  const attempt = async (reason: string, onlyIfChanged: boolean): Promise<void> => {
    const loaded = loadCapability(path);
    if (!loaded.capability) {
      const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
      const lines = errors.map((diagnostic) => formatDiagnostic(diagnostic, path, shown)).join('\n');
      if (onlyIfChanged && lines === refused) return;
      refused = lines;
      for (const diagnostic of errors) logger.error(formatDiagnostic(diagnostic, path, shown));
      logger.error(
        `reload refused: ${shown} has ${errors.length} error${errors.length === 1 ? '' : 's'} (above); still serving the previous version`,
        { reason },
      );
      return;
    }
    const fingerprint = fingerprintOf(loaded.capability);
    if (onlyIfChanged && (fingerprint === applied || fingerprint === refused)) return;
    refused = fingerprint;
    try {
      await engine.reload(prepare(loaded.capability));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (isNaftikoError(error, 'RELOAD_RESTART_REQUIRED'))
        logger.warn(`reload refused: ${message}`, { reason });
      else logger.error(`reload refused: ${message} Still serving the previous version.`, { reason });
      return;
    }
    applied = fingerprint;
    logger.info(`reloaded ${shown}`, { reason });
    watchFolders(loaded.capability);
  };

  const reload = (reason: string, onlyIfChanged = false): Promise<void> => {
    queue = queue.then(() => attempt(reason, onlyIfChanged));
    return queue;
  };

  const watched = new Set<string>();
  const watchFolders = (capability: Capability | undefined) => {
    if (!options.watch) return;
    for (const folder of foldersOf(path, capability)) {
      if (watched.has(folder)) continue;
      watched.add(folder);
      try {
        const watcher = watch(folder, { persistent: false }, (_event, name) => {
          // Capabilities, imports and bind files are YAML or JSON; `..data` is a ConfigMap's swap.
          if (name !== null && !RELEVANT.test(String(name))) return;
          clearTimeout(timer);
          timer = setTimeout(() => void reload('file changed', true), debounceMs);
        });
        watcher.on('error', (error) => logger.warn('--watch: a watched folder failed', { folder, error }));
        watchers.push(watcher);
      } catch (error) {
        logger.warn('--watch: cannot watch a folder; SIGHUP still reloads', { folder, error });
      }
    }
  };
  watchFolders(initial);

  const onHangup = () => void reload('SIGHUP');
  signals.on('SIGHUP', onHangup);
  return {
    reload: (reason) => reload(reason),
    close: () => {
      signals.off('SIGHUP', onHangup);
      clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
    },
  };
}

const RELEVANT = /(\.(ya?ml|json)$)|^\.\./i;

/** The capability's folder and each bind file's (whichever candidate exists). */
function foldersOf(path: string, capability: Capability | undefined): string[] {
  const folders = [dirname(path)];
  for (const file of bindFiles(capability)) folders.push(dirname(file));
  return folders;
}

function bindFiles(capability: Capability | undefined): string[] {
  const files: string[] = [];
  for (const bind of capability?.binds ?? []) {
    const location = parseBindLocation(bind.location, capability?.baseDir ?? '.');
    if (location.kind !== 'file') continue;
    // The first candidate that exists is the one the engine reads.
    const found = location.candidates.find((candidate) =>
      statSync(candidate, { throwIfNoEntry: false })?.isFile(),
    );
    if (found !== undefined) files.push(found);
  }
  return files;
}

/** The resolved document (imports included) and the bind files' sizes and times. */
function fingerprintOf(capability: Capability | undefined): string {
  if (capability === undefined) return '';
  const binds = bindFiles(capability).map((file) => {
    const info = statSync(file, { throwIfNoEntry: false });
    return `${file}:${info?.size}:${info?.mtimeMs}`;
  });
  return JSON.stringify([capability.document, binds]);
}

function formatDiagnostic(diagnostic: Diagnostic, path: string, shown: string): string {
  const file = diagnostic.file === undefined || diagnostic.file === path ? shown : diagnostic.file;
  const place = diagnostic.line === undefined ? file : `${file}:${diagnostic.line}:${diagnostic.column ?? 1}`;
  return `${place} ${diagnostic.code}: ${diagnostic.message}`;
}
