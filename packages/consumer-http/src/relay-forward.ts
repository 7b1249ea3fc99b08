import { type ForwardResponse, type ForwardSink, NaftikoError, type Redactor } from '@naftiko/core';
import type { Dispatcher } from 'undici';
import type { UpstreamPool } from './create-pool.js';
import type { DigestSession } from './digest-session.js';
import {
  createStreamRedactor,
  planBodyRedaction,
  redactWholeBody,
  type StreamRedactor,
} from './redact-body.js';
import { withoutHopByHop } from './without-hop-by-hop.js';

export interface RelayForwardOptions {
  pool: UpstreamPool;
  dispatch: Dispatcher.DispatchOptions;
  sink: ForwardSink;
  /** The held credentials, redacted from the answer's headers and text body. */
  held: Redactor;
  digest: DigestSession | undefined;
  /** The caller hanging up: aborts the exchange at whatever stage it is. */
  signal?: AbortSignal;
}

/**
 * Sends a forwarded request and writes the answer into the sink as undici delivers it, through
 * undici's dispatch handler interface: no Readable for the body, no Writable factory, no
 * AbortSignal of undici's own per request, one object per exchange. A text answer to be scanned
 * for held secrets is either collected whole (declared length up to 1 MiB: one scan, one `end()`
 * with the headers, the content-length kept exact) or rewritten chunk by chunk as it streams.
 * Backpressure: when the sink's stream is full the upstream socket is paused until 'drain'.
 * Resolves with the status and headers once the body is handed to the sink.
 */
export function relayForward(options: RelayForwardOptions): Promise<ForwardResponse> {
  return new Promise((resolve, reject) => {
    const relay = new ForwardRelay(options, resolve, reject);
    const { signal, sink } = options;
    if (signal !== undefined) {
      if (signal.aborted) {
        reject(aborted());
        return;
      }
      relay.watch(signal);
    }
    // After the answer is handed over, a close is the usual end of the response: cancel ignores it.
    sink.onClose?.(() => relay.cancel());
    options.pool.dispatch(options.dispatch, relay);
  });
}

class ForwardRelay implements Dispatcher.DispatchHandler {
  private controller: Dispatcher.DispatchController | undefined = undefined;
  private head: ForwardResponse | undefined = undefined;
  private chunks: Buffer[] | undefined = undefined;
  private scanner: StreamRedactor | undefined = undefined;
  private out: NodeJS.WritableStream | undefined = undefined;
  private onDrain: (() => void) | undefined = undefined;
  private cancelled: Error | undefined = undefined;
  private settled = false;
  private signal: AbortSignal | undefined = undefined;
  private onAbort: (() => void) | undefined = undefined;

  constructor(
    private readonly options: RelayForwardOptions,
    private readonly resolve: (response: ForwardResponse) => void,
    private readonly reject: (error: unknown) => void,
  ) {}

  watch(signal: AbortSignal): void {
    this.signal = signal;
    this.onAbort = () => this.cancel();
    signal.addEventListener('abort', this.onAbort);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    // Hung up while the request waited for a connection.
    if (this.cancelled !== undefined) controller.abort(this.cancelled);
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: Record<string, string | string[] | undefined>,
  ): void {
    // 1xx answers are this hop's business (undici handles 100-continue itself).
    if (statusCode < 200) return;
    const { digest, held, sink } = this.options;
    if (digest !== undefined && statusCode === 401) digest.learn(headers['www-authenticate']);
    const kept = withoutHopByHop(headers, held);
    this.head = { status: statusCode, headers: kept, body: null };
    const plan = planBodyRedaction(kept, held);
    if (plan === 'whole') {
      // Headers wait for the body: redaction may change its length.
      this.chunks = [];
      return;
    }
    if (plan === 'stream') this.scanner = createStreamRedactor(held);
    this.out = sink.open(this.head);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.chunks !== undefined) {
      this.chunks.push(chunk);
      return;
    }
    const out = this.out;
    if (out === undefined) return;
    const bytes = this.scanner === undefined ? chunk : this.scanner.push(chunk);
    if (bytes !== undefined && !out.write(bytes)) {
      controller.pause();
      if (this.onDrain === undefined) {
        this.onDrain = () => controller.resume();
        out.on('drain', this.onDrain);
      }
    }
  }

  onResponseEnd(): void {
    const head = this.head;
    if (head === undefined || this.settled) return;
    let out = this.out;
    if (this.chunks !== undefined) {
      const body = redactWholeBody(this.chunks, head.headers, this.options.held);
      this.chunks = undefined;
      out = this.options.sink.open(head);
      this.finish();
      out.end(body);
    } else if (out !== undefined) {
      const rest = this.scanner?.end();
      this.finish();
      if (rest === undefined) out.end();
      else out.end(rest);
    } else this.finish();
    this.resolve(head);
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    if (this.settled) return;
    this.finish();
    this.chunks = undefined;
    this.reject(this.cancelled === undefined ? error : this.cancelled);
  }

  cancel(): void {
    if (this.settled || this.cancelled !== undefined) return;
    this.cancelled = aborted();
    // Before the request is started, onRequestStart aborts it.
    this.controller?.abort(this.cancelled);
  }

  private finish(): void {
    this.settled = true;
    if (this.onAbort !== undefined) this.signal?.removeEventListener('abort', this.onAbort);
    if (this.onDrain !== undefined) this.out?.removeListener('drain', this.onDrain);
  }
}

function aborted(): NaftikoError {
  return new NaftikoError('ABORTED', 'the forwarded request was aborted: the client went away');
}
