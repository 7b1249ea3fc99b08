import { editDistance } from '../edit-distance.js';

/**
 * The candidate the user most likely meant, or undefined when nothing is close. A case-only
 * difference always wins; otherwise the distance must stay within about a third of the word.
 */
export function didYouMean(input: string, candidates: readonly string[]): string | undefined {
  const lower = input.toLowerCase();
  const sameLetters = candidates.find((candidate) => candidate.toLowerCase() === lower);
  if (sameLetters !== undefined) return sameLetters;
  const normalized = (text: string) => text.toLowerCase().replace(/[-_]/g, '');
  const sameWord = candidates.find((candidate) => normalized(candidate) === normalized(input));
  if (sameWord !== undefined) return sameWord;
  const limit = Math.max(1, Math.floor(Math.max(input.length, 3) / 3));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase(), bestDistance - 1);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
