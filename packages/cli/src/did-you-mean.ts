import { editDistance } from '@naftiko/spec';

export interface DidYouMeanOptions {
  input: string;
  candidates: readonly string[];
}

/**
 * The closest candidate to a mistyped word, or undefined when nothing is close enough to be a
 * plausible typo (so `naftiko frobnicate` does not suggest `validate`).
 */
export function didYouMean({ input, candidates }: DidYouMeanOptions): string | undefined {
  const needle = input.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const hay = candidate.toLowerCase();
    // A prefix ("--form" for "--format") is a typo however long the missing tail is.
    const distance = hay.startsWith(needle) && needle.length >= 3 ? 1 : editDistance(needle, hay);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  // One or two characters ("-x") say too little to guess from, except two that a three-letter
  // candidate holds in order, one letter dropped ("rn" for "run").
  if (needle.length === 2) {
    const shortened = candidates.find((candidate) => {
      const hay = candidate.toLowerCase();
      return (
        hay.length === 3 && [0, 1, 2].some((drop) => hay.slice(0, drop) + hay.slice(drop + 1) === needle)
      );
    });
    return shortened;
  }
  const threshold = needle.length < 2 ? 0 : Math.max(1, Math.floor(needle.length / 3));
  return bestDistance <= threshold ? best : undefined;
}
