import { editDistance } from './edit-distance.js';

/**
 * Candidates close to `input`, best first: small edit distances (typos), candidates that share
 * the part after a dot (the right operation in the wrong namespace), then ones containing the input.
 */
export function closestMatches(input: string, candidates: Iterable<string>, limit = 3): string[] {
  const lower = input.toLowerCase();
  const tail = lower.slice(lower.indexOf('.') + 1);
  const budget = Math.max(2, Math.floor(input.length / 3));
  const scored: Array<{ candidate: string; score: number }> = [];
  for (const candidate of new Set(candidates)) {
    const other = candidate.toLowerCase();
    if (other === lower) continue;
    const distance = editDistance(lower, other, budget);
    // The right name in the wrong namespace ranks just after a one-letter typo.
    const sameTail =
      tail.length > 0 && other.slice(other.indexOf('.') + 1) === tail ? 1.5 : Number.POSITIVE_INFINITY;
    const contains =
      lower.length >= 3 && (other.includes(lower) || lower.includes(other))
        ? budget + 1
        : Number.POSITIVE_INFINITY;
    const score = Math.min(distance <= budget ? distance : Number.POSITIVE_INFINITY, sameTail, contains);
    if (score !== Number.POSITIVE_INFINITY) scored.push({ candidate, score });
  }
  scored.sort((a, b) => a.score - b.score || a.candidate.localeCompare(b.candidate));
  return scored.slice(0, limit).map((entry) => entry.candidate);
}

/** Formats matches for a message: " (did you mean `a` or `b`?)", or "" when there are none. */
export function didYouMean(input: string, candidates: Iterable<string>): string {
  const matches = closestMatches(input, candidates);
  if (matches.length === 0) return '';
  const quoted = matches.map((match) => `\`${match}\``);
  const list = quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
  return `; did you mean ${list}?`;
}
