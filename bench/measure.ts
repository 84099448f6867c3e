/**
 * Reading the fake's recorded calls: group deliveries, duplicates, missing groups,
 * percentiles, and a plain-text table.
 */
import type { FakeTelegram, RecordedCall } from '../test/support/fake-telegram';
import { toChatId } from '../test/support/fake-telegram-state';
import type { CompactCall } from './fake-remote';

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

/**
 * A sendMessage call as the figures read it: the in-process fake's RecordedCall and the
 * out-of-process fake's CompactCall (bench/fake-remote.ts) both reduce to this, so that parts
 * 1–2 and part 3 count with one computation.
 */
export interface SendRecord {
  chatId?: number | undefined;
  at: number;
  ok: boolean;
}

/** Successful sends into one of `groups`, by chat, in the fake's record order (`view` reads a call). */
function sendsByGroup<T>(calls: Iterable<T>, view: (c: T) => SendRecord, groups: Set<number>): Map<number, T[]> {
  const by = new Map<number, T[]>();
  for (const c of calls) {
    const r = view(c);
    if (!r.ok || r.chatId === undefined || !groups.has(r.chatId)) continue;
    let list = by.get(r.chatId);
    if (!list) by.set(r.chatId, (list = []));
    list.push(c);
  }
  return by;
}

const recordOf = (c: RecordedCall): SendRecord => ({ chatId: toChatId(c.payload.chat_id), at: c.at, ok: c.ok });

/** Successful sendMessage calls into one of `groups`, by chat. */
export function groupSends(tg: FakeTelegram, groups: Set<number>): Map<number, RecordedCall[]> {
  return sendsByGroup(tg.callsTo('sendMessage'), recordOf, groups);
}

/** The same from the out-of-process fake's compact calls (any methods: only sendMessage counts). */
export function groupSendsCompact(calls: CompactCall[], groups: Set<number>): Map<number, CompactCall[]> {
  return sendsByGroup(
    calls.filter((c) => c.method.toLowerCase() === 'sendmessage'),
    (c) => c,
    groups,
  );
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
  return figuresOf(groupSends(tg, new Set(groups)), recordOf, groups.length, startedAt, tg.stats.tooManyRequests, limitPerSecond);
}

/** deliveryFigures from the out-of-process fake's calls; `fake429` from its stats (RemoteFake.stats()). */
export function deliveryFiguresCompact(calls: CompactCall[], groups: number[], startedAt: number, fake429: number, limitPerSecond = 30): DeliveryFigures {
  return figuresOf(groupSendsCompact(calls, new Set(groups)), (c) => c, groups.length, startedAt, fake429, limitPerSecond);
}

function figuresOf<T>(by: Map<number, T[]>, view: (c: T) => SendRecord, groupCount: number, startedAt: number, fake429: number, limitPerSecond: number): DeliveryFigures {
  let duplicates = 0;
  let extraCopies = 0;
  let lastFirst = 0;
  let firstFirst = Infinity;
  for (const list of by.values()) {
    if (list.length > 1) {
      duplicates++;
      extraCopies += list.length - 1;
    }
    const first = view(list[0]!).at;
    lastFirst = Math.max(lastFirst, first);
    firstFirst = Math.min(firstFirst, first);
  }
  const reached = by.size;
  const wallMs = reached ? lastFirst - startedAt : NaN;
  const perSecond = reached / (wallMs / 1000);
  return {
    wallMs,
    spanMs: reached ? lastFirst - firstFirst : NaN,
    perSecond,
    ratioToLimit: perSecond / limitPerSecond,
    fake429,
    duplicates,
    extraCopies,
    missing: groupCount - reached,
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
