/**
 * Reading the fake's recorded calls: group deliveries, duplicates, missing groups,
 * percentiles, and a plain-text table.
 */
import type { FakeTelegram, RecordedCall } from '../test/support/fake-telegram';
import { toChatId } from '../test/support/fake-telegram-state';

export interface DeliveryFigures {
  /** Issue (or loop start) → the last group's first message at the fake, ms. */
  wallMs: number;
  /** First group message → last group's first message, ms (the steady-state span). */
  spanMs: number;
  perSecond: number;
  ratioToLimit: number;
  fake429: number;
  duplicates: number;
  /** Extra copies in total (a group with 3 messages counts 2). */
  extraCopies: number;
  missing: number;
  groupsReached: number;
}

/** Successful sendMessage calls into one of `groups`, by chat. */
export function groupSends(tg: FakeTelegram, groups: Set<number>): Map<number, RecordedCall[]> {
  const by = new Map<number, RecordedCall[]>();
  for (const c of tg.callsTo('sendMessage')) {
    if (!c.ok) continue;
    const chat = toChatId(c.payload.chat_id);
    if (chat === undefined || !groups.has(chat)) continue;
    let list = by.get(chat);
    if (!list) by.set(chat, (list = []));
    list.push(c);
  }
  return by;
}

/** Resolves when every group has at least one message (or rejects after `timeoutMs`). */
export async function waitEveryGroup(tg: FakeTelegram, groups: number[], count: number, timeoutMs: number): Promise<void> {
  const want = new Set(groups);
  const seen = new Set<number>();
  await tg.waitFor(
    (c) => {
      if (!c.ok || c.method !== 'sendMessage') return false;
      const chat = toChatId(c.payload.chat_id);
      if (chat === undefined || !want.has(chat) || seen.has(chat)) return false;
      seen.add(chat);
      return true;
    },
    { count, timeoutMs, description: `${count} groups with a message` },
  );
}

export function deliveryFigures(tg: FakeTelegram, groups: number[], startedAt: number, limitPerSecond = 30): DeliveryFigures {
  const by = groupSends(tg, new Set(groups));
  let duplicates = 0;
  let extraCopies = 0;
  let lastFirst = 0;
  let firstFirst = Infinity;
  for (const list of by.values()) {
    if (list.length > 1) {
      duplicates++;
      extraCopies += list.length - 1;
    }
    lastFirst = Math.max(lastFirst, list[0]!.at);
    firstFirst = Math.min(firstFirst, list[0]!.at);
  }
  const reached = by.size;
  const wallMs = reached ? lastFirst - startedAt : NaN;
  const perSecond = reached / (wallMs / 1000);
  return {
    wallMs,
    spanMs: reached ? lastFirst - firstFirst : NaN,
    perSecond,
    ratioToLimit: perSecond / limitPerSecond,
    fake429: tg.stats.tooManyRequests,
    duplicates,
    extraCopies,
    missing: groups.length - reached,
    groupsReached: reached,
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx]!;
}

export const fmtS = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : 'n/a');
export const fmtMs = (ms: number) => (Number.isFinite(ms) ? `${ms.toFixed(1)} ms` : 'n/a');
export const fmtN = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

/** A plain-text table; `rows` are [label, value, target, verdict]. */
export function table(title: string, rows: Array<[string, string, string?, string?]>): string {
  const head: [string, string, string, string] = ['Figure', 'Value', 'Target', ''];
  const all = [head, ...rows.map((r) => [r[0], r[1], r[2] ?? '', r[3] ?? ''] as [string, string, string, string])];
  const w = [0, 1, 2, 3].map((i) => Math.max(...all.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(w[i]!)).join(' | ')} |`;
  const sep = `|${w.map((n) => '-'.repeat(n + 2)).join('|')}|`;
  return [`### ${title}`, '', line(all[0]!), sep, ...all.slice(1).map(line)].join('\n');
}

export const verdict = (pass: boolean) => (pass ? 'ok' : 'MISSED');
