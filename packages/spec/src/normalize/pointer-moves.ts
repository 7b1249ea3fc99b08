/**
 * Where a node of a normalised document came from. The loader restructures some community
 * constructs (an operation with its own `path` becomes a resource of its own, a repeated entry is
 * dropped); a finding about the normalised document must still point at what the user wrote.
 */
export class PointerMoves {
  /** One list of `[to, from]` pairs per restructuring step, in the order they happened. */
  readonly #steps: Array<Array<[to: string, from: string]>> = [];

  /** Records one step: each `to` (after the step) was `from` (before it). */
  step(pairs: Array<[to: string, from: string]>): void {
    if (pairs.length > 0) this.#steps.push(pairs);
  }

  /** The pointer, in the document as written, of a node of the normalised document. */
  source(pointer: string): string {
    let current = pointer;
    for (let index = this.#steps.length - 1; index >= 0; index--) {
      let best: [string, string] | undefined;
      for (const pair of this.#steps[index]!) {
        const [to] = pair;
        if ((current === to || current.startsWith(`${to}/`)) && (!best || to.length > best[0].length))
          best = pair;
      }
      if (best) current = best[1] + current.slice(best[0].length);
    }
    return current;
  }

  /** Records the removal of `list[index]`: the later items move up by one. */
  removed(list: string, index: number, length: number): void {
    const pairs: Array<[string, string]> = [];
    for (let later = index + 1; later < length; later++)
      pairs.push([`${list}/${later - 1}`, `${list}/${later}`]);
    this.step(pairs);
  }
}
