import { loadAssignmentContext } from './assignments.queries';
import type { AppDeps } from '../../infra/deps';
import { defaultMessages } from '../../infra/i18n';
import { groupKeyboard, renderGroupMessage } from './instruction.view';
import { isNotModified } from '../../infra/telegram/errors';

/** Re-renders the OPD group's instruction message (who acknowledged, cancelled…) in place. */
export async function refreshGroupMessage(deps: AppDeps, assignmentId: number): Promise<void> {
  const ctx = await loadAssignmentContext(deps.db, assignmentId);
  if (!ctx || ctx.chat_id === null || ctx.message_id === null) return;
  const t = defaultMessages;
  const ended = ctx.instruction_state !== 'open' || ctx.state === 'cancelled';
  try {
    await deps.api.editMessageText(ctx.chat_id, ctx.message_id, renderGroupMessage(t, deps.config.timezone, ctx), {
      parse_mode: 'HTML',
      ...(ended ? {} : { reply_markup: groupKeyboard(t, assignmentId, ctx.acked_at !== null) }),
    });
  } catch (err) {
    if (!isNotModified(err)) deps.logger.warn({ err, assignmentId }, 'could not update the group message');
  }
}

/**
 * Queues the re-rendering of these OPDs' instruction messages (closed, cancelled, new due
 * date): edits count against Telegram's limits, so they go through the send queue. One
 * waiting refresh per message is enough: it renders the state at the time it runs.
 */
export async function enqueueGroupRefresh(deps: AppDeps, assignmentIds: number[]): Promise<void> {
  if (assignmentIds.length === 0) return;
  await deps.queues.send.addBulk(
    assignmentIds.map((id) => ({ name: 'refresh' as const, data: { refreshAssignmentId: id }, opts: { jobId: `refresh-${id}`, priority: 3, removeOnComplete: true, attempts: 3 } })),
  );
}

/**
 * enqueueGroupRefresh for one assignment, batched: the refreshes asked for during one turn of
 * the event loop (a burst of presses handled side by side) go to Redis in one addBulk.
 * Resolves once this assignment's job is queued; rejects if that batch could not be queued.
 */
export function queueGroupRefresh(deps: AppDeps, assignmentId: number): Promise<void> {
  let batch = pendingRefresh.get(deps);
  if (!batch) {
    const ids = new Set<number>();
    const done = new Promise<void>((resolve, reject) => {
      setImmediate(() => {
        pendingRefresh.delete(deps);
        enqueueGroupRefresh(deps, [...ids]).then(resolve, reject);
      });
    });
    // Each caller gets `done`; an unobserved rejection is the callers' to handle, not the process's.
    done.catch(() => undefined);
    batch = { ids, done };
    pendingRefresh.set(deps, batch);
  }
  batch.ids.add(assignmentId);
  return batch.done;
}

const pendingRefresh = new WeakMap<AppDeps, { ids: Set<number>; done: Promise<void> }>();

/** Assignments of an instruction whose group has the message. */
export async function deliveredAssignmentIds(deps: AppDeps, instructionId: number): Promise<number[]> {
  const rows = await deps.db.selectFrom('assignments').select('id').where('instruction_id', '=', instructionId).where('delivery_state', '=', 'sent').execute();
  return rows.map((r) => Number(r.id));
}
