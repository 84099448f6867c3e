import type { AppDeps } from '../../infra/deps';
import { slotInterval } from '../../infra/telegram/gate';
import type { AssignmentContext } from '../instruction/assignments.queries';
import { claimPaidSend, countInstructionGroups, markPaidBroadcast } from './deliver.queries';

/**
 * Paid broadcast (issue #14; README "Paid broadcast"). Telegram's `allow_paid_broadcast` lets a
 * message past the free 30 a second (up to 1,000 a second) for 0.1 Telegram Stars, taken from
 * the bot's balance. Only a segera instruction uses it, and only for the groups the free rate
 * cannot reach within the target time: to N groups at a free rate r and a target T, the first
 * N − r·T deliveries claimed go paid (at most the cap), the rest free. Both run side by side,
 * each on its own budget in the send gate, so the last free group is reached after about T.
 */
export function paidShare(groups: number, freePerSecond: number, targetMs: number, cap: number): number {
  const reachedFree = Math.floor((freePerSecond * targetMs) / 1000);
  return Math.max(0, Math.min(cap, groups - reachedFree));
}

/** How many groups an instruction has, per process (it does not change once issued). */
const groupCounts = new WeakMap<AppDeps, Map<number, number>>();

async function groupsOf(deps: AppDeps, instructionId: number): Promise<number> {
  let m = groupCounts.get(deps);
  if (!m) groupCounts.set(deps, (m = new Map()));
  let n = m.get(instructionId);
  if (n === undefined) {
    n = await countInstructionGroups(deps.db, instructionId);
    if (m.size >= 1000) m.clear();
    m.set(instructionId, n);
  }
  return n;
}

/**
 * Decides which of the deliveries about to be sent go paid, and records it (the instruction's
 * counter, checked against its share in one conditional statement so that several workers
 * cannot overrun it, and the delivery's flag, so a retry goes the same way and is not counted
 * again). Marks them in `claimed` (paid_broadcast = 1).
 */
export async function choosePaid(deps: AppDeps, claimed: AssignmentContext[]): Promise<void> {
  const opt = deps.config.paidBroadcast;
  if (!opt.enabled || opt.maxPerInstruction <= 0) return;
  const freePerSecond = 1000 / slotInterval(deps.config.rate.globalPerSecond);
  const full = new Set<number>();
  for (const ctx of claimed) {
    if (ctx.priority !== 'segera' || ctx.paid_broadcast === 1 || full.has(ctx.instruction_id)) continue;
    const share = paidShare(await groupsOf(deps, ctx.instruction_id), freePerSecond, opt.targetMs, opt.maxPerInstruction);
    if (share <= 0 || !(await claimPaidSend(deps.db, ctx.instruction_id, share))) {
      full.add(ctx.instruction_id);
      continue;
    }
    await markPaidBroadcast(deps.db, ctx.id);
    ctx.paid_broadcast = 1;
  }
}
