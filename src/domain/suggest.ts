/**
 * The closest known command to a mistyped one ("/blum" → "belum", "/arahn" → "arahan",
 * "/stat" → "status"), for the answer to an unknown command. Pure: the caller passes the
 * commands this person may use in this chat, in menu order (ties go to the earlier one).
 */

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours cost 1. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The candidate closest to `typed` (compared in lower case), or null when none is close
 * enough to be what was meant: at most one edit for a word of up to three letters, two for
 * longer ones, or `typed` (three letters or more) being the start of a command ("/rek").
 */
export function closestCommand(typed: string, candidates: readonly string[]): string | null {
  const word = typed.toLowerCase();
  if (word === '') return null;
  let best: { name: string; score: number } | null = null;
  for (const name of candidates) {
    const distance = editDistance(word, name);
    const limit = word.length <= 3 ? 1 : 2;
    const prefix = word.length >= 3 && name.startsWith(word);
    if (distance > limit && !prefix) continue;
    // A prefix counts as one edit away, so "/stat" prefers "status" to nothing but a true
    // one-letter slip still wins.
    const score = prefix ? Math.min(distance, 1.5) : distance;
    if (!best || score < best.score) best = { name, score };
  }
  return best?.name ?? null;
}
