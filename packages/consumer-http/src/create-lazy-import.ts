/** A module (or what is built from it) loaded once, on demand, then read synchronously. */
export interface LazyImport<T> {
  /** Present once loaded: the request path reads it without awaiting. */
  readonly value: T | undefined;
  /** Loads once; concurrent callers share the load. A failed load is retried by the next call. */
  load(): Promise<T>;
  /** Starts loading at load time of a capability that will need it; failures surface on use. */
  preload(): void;
}

/**
 * For dependencies only some capabilities need (XML and CSV parsers): importing them with the
 * package would make every start pay for them.
 */
export function createLazyImport<T>(importValue: () => Promise<T>): LazyImport<T> {
  let value: T | undefined;
  let loading: Promise<T> | undefined;
  const load = (): Promise<T> => {
    loading ??= importValue().then(
      (loaded) => {
        value = loaded;
        return loaded;
      },
      (error: unknown) => {
        loading = undefined;
        throw error;
      },
    );
    return loading;
  };
  return {
    get value() {
      return value;
    },
    load,
    preload() {
      if (value === undefined) load().catch(() => {});
    },
  };
}
