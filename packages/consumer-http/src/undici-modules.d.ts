// Types for the undici 7 files the consumer imports directly instead of undici's index
// (see create-pool.ts for why). undici 7 has no `exports` map, so these paths resolve for every
// consumer of the package; package.json pins undici to one minor line because they are not its
// documented API, and every request in the test suite goes through them.

declare module 'undici/lib/dispatcher/pool.js' {
  import type { Pool } from 'undici';

  /**
   * undici's Pool as its own file defines it: `request`, `stream`, `pipeline`, `upgrade` and
   * `connect` are mixed into Dispatcher.prototype by undici's index, so they are absent here.
   */
  export type BarePool = Omit<Pool, 'request' | 'stream' | 'pipeline' | 'upgrade' | 'connect'>;
  const BarePool: new (url: string | URL, options?: Pool.Options) => BarePool;
  export default BarePool;
}

declare module 'undici/lib/api/api-request.js' {
  import type { Dispatcher } from 'undici';
  import type { BarePool } from 'undici/lib/dispatcher/pool.js';

  /** undici's `Dispatcher.prototype.request`, called with the pool as `this`. */
  function request(
    this: BarePool,
    options: Dispatcher.RequestOptions,
    callback: (error: Error | null, data: Dispatcher.ResponseData) => void,
  ): void;
  function request(this: BarePool, options: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData>;
  export default request;
}
