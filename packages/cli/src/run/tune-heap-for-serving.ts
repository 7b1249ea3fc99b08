import { setFlagsFromString } from 'node:v8';

/**
 * V8 settings for a long-running `naftiko run`, applied once its listeners are up and before the
 * first upstream call. Measured with `bench/mcp.mjs` (16 MCP sessions calling the seed's
 * get-session tool): together they cut the resident peak by ~40 MB at no measurable throughput cost.
 *
 * Set at run time on purpose: any V8 option on node's command line makes Node 20 drop its built-in
 * code cache, ~45 ms of every start. The young generation's size cannot change at run time; see
 * "Memory" in the README for `--max-semi-space-size`.
 */
export function tuneHeapForServing(): void {
  // A serving process keeps a small, steady live heap (~13 MB for the seed); V8's default lets the
  // old generation grow to about four times that before a full collection.
  setFlagsFromString('--heap-growing-percent=50');
  // undici parses HTTP with llhttp compiled to WebAssembly. Tiering it up to optimised code on the
  // first upstream calls took ~35 MB at once (the process's peak) to save a few microseconds per
  // response; the baseline tier (Liftoff) keeps it. The module compiles on the first upstream call.
  setFlagsFromString('--no-wasm-tier-up');
  setFlagsFromString('--no-wasm-dynamic-tiering');
}
