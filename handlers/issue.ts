import { Composer } from 'grammy';
import { draftButtons } from '../src/features/issue/issue.callbacks';
import { clusters } from '../src/features/organisation/directory';
import { escapeHtml } from '../src/domain/text';
import {
  answerDraft,
  cancelDraft,
  chooseBehalf,
  chooseTarget,
  finishPick,
  pickPage,
  choosePriority,
  sendDraft,
  shiftDeadline,
  startDraft,
  type Next,
} from '../src/features/issue/draft-flow';
import type { Issued } from '../src/features/issue/issue';
import { renderSummaryFor, startPreviewCounter } from '../src/features/instruction/summary';
import { isNotModified } from '../src/infra/telegram/errors';
import {
  behalfKeyboard,
  pickKeyboard,
  previewKeyboard,
  priorityKeyboard,
  renderPreview,
  renderProblem,
  renderTargetsProblem,
  targetsKeyboard,
} from '../src/features/issue/draft.view';
import type { BotContext } from '../src/infra/telegram/context';
import { guard, replyHtml } from '../src/infra/telegram/middleware';

/** /arahan: pimpinan and sekretariat compose an instruction in their private chat. */
export const issueHandler = new Composer<BotContext>();

async function show(ctx: BotContext, next: Next, edit = false): Promise<void> {
  const t = ctx.t;
  const tz = ctx.deps.config.timezone;
  const send = async (text: string, reply_markup?: ReturnType<typeof previewKeyboard>) => {
    if (edit && ctx.callbackQuery) {
      // A double tap edits to what is already shown: Telegram's "not modified" is no error.
      await ctx.editMessageText(text, { parse_mode: 'HTML', reply_markup }).catch((err: unknown) => {
        if (!isNotModified(err)) throw err;
      });
    } else {
      await replyHtml(ctx, text, reply_markup ? { reply_markup } : {});
    }
  };
  switch (next.show) {
    case 'ask_text':
      return send(t.draftAskText);
    case 'ask_targets':
      return send(t.draftAskTargets, targetsKeyboard(t, next.clusters));
    case 'pick':
      return send(t.draftPickTitle(next.picked.length), pickKeyboard(t, next.opds, next.picked, next.page));
    case 'ask_ack':
      return send(t.draftAskAck);
    case 'ask_due':
      return send(t.draftAskDue);
    case 'ask_priority':
      return send(t.draftAskPriority, priorityKeyboard(t));
    case 'ask_behalf':
      return send(t.draftAskBehalf, behalfKeyboard(next.leaders));
    case 'preview':
      return send(renderPreview(t, tz, next.preview, ctx.deps.now()), previewKeyboard(t, tz, next.preview));
    case 'problem':
      return replyHtml(ctx, renderProblem(t, tz, next.problem));
    case 'targets_problem':
      return replyHtml(ctx, renderTargetsProblem(t, next.targets));
    case 'pick_none':
      return void (await ctx.answerCallbackQuery({ text: t.draftPickNone, show_alert: true }));
    case 'expired':
      return replyHtml(ctx, t.draftExpired);
    case 'preview_waiting':
      return replyHtml(ctx, t.draftPreviewWaiting);
  }
}

const issuers = issueHandler.chatType('private');

// In a group the command is answered (the guard says: in the private chat), not ignored.
issueHandler.command('arahan', guard('arahan'), async (ctx) => {
  await show(ctx, await startDraft(ctx.deps, ctx.person!, ctx.match));
});

issueHandler.command('batal_draf', guard('batal_draf'), async (ctx) => {
  const had = await cancelDraft(ctx.deps, ctx.person!);
  await ctx.reply(had ? ctx.t.draftCancelled : ctx.t.draftNone);
});

// Draft buttons: only the composer's own draft is touched; a stale button says so.
const buttons = issuers.filter((ctx) => ctx.callbackQuery?.data?.startsWith('dr:') === true);
buttons.use(guard('arahan'));

buttons.callbackQuery(draftButtons.all.filter, async (ctx) => {
  await ctx.answerCallbackQuery();
  await show(ctx, await chooseTarget(ctx.deps, ctx.person!, { kind: 'all' }));
});

buttons.callbackQuery(draftButtons.cluster.filter, async (ctx) => {
  await ctx.answerCallbackQuery();
  const cluster = (await clusters(ctx.deps))[draftButtons.cluster.unpack(ctx.callbackQuery.data)!.index];
  if (cluster === undefined) return show(ctx, { show: 'expired' });
  await show(ctx, await chooseTarget(ctx.deps, ctx.person!, { kind: 'cluster', name: cluster }));
});

buttons.callbackQuery(draftButtons.pick.filter, async (ctx) => {
  await ctx.answerCallbackQuery();
  await show(ctx, await pickPage(ctx.deps, ctx.person!, draftButtons.pick.unpack(ctx.callbackQuery.data)!.page), true);
});

buttons.callbackQuery(draftButtons.toggle.filter, async (ctx) => {
  await ctx.answerCallbackQuery();
  const { opd, page } = draftButtons.toggle.unpack(ctx.callbackQuery.data)!;
  await show(ctx, await pickPage(ctx.deps, ctx.person!, page, opd), true);
});

buttons.callbackQuery(draftButtons.pickDone.filter, async (ctx) => {
  const next = await finishPick(ctx.deps, ctx.person!);
  if (next.show !== 'pick_none') await ctx.answerCallbackQuery();
  await show(ctx, next);
});

buttons.callbackQuery(draftButtons.priority.filter, async (ctx) => {
  await ctx.answerCallbackQuery();
  await show(ctx, await choosePriority(ctx.deps, ctx.person!, draftButtons.priority.unpack(ctx.callbackQuery.data)!.priority));
});

buttons.callbackQuery(draftButtons.behalf.filter, async (ctx) => {
  await ctx.answerCallbackQuery();
  await show(ctx, await chooseBehalf(ctx.deps, ctx.person!, draftButtons.behalf.unpack(ctx.callbackQuery.data)!.person));
});

buttons.callbackQuery(draftButtons.send.filter, async (ctx) => {
  await ctx.answerCallbackQuery();
  // The leader's tap is answered first (issue #14): once the deliveries are queued, the preview
  // itself becomes "sedang dikirim ke N grup OPD (0/N)" (one send, which also takes its buttons
  // away), then the summary follows. These answers into the leader's own chat take the next free
  // send slots and wait for that chat's 1 a second without holding the groups back
  // (src/infra/telegram/gate.ts). Before: summary first, the buttons removed 1 s and "sedang
  // dikirim" 2 s after the tap. The preview is then recorded, so the summary's refresh jobs keep
  // its counter current in whichever process runs them (src/features/instruction/summary.ts).
  const announce = async (r: Issued) => {
    const number = escapeHtml(r.number);
    if (r.sentTo === 0) return replyOrEdit(ctx, ctx.t.issued(number, 0));
    // The summary's digest is read once the edit has gone, not while it waits for its slot:
    // better-sqlite3 reads synchronously, and a 500-group summary read beside the edit held the
    // event loop past the slot (bench part 5a under load: the edit came 1.3 s after the tap).
    const messageId = await replyOrEdit(ctx, ctx.t.issuedProgress(number, r.sentTo, 0));
    if (messageId === undefined) return;
    const summary = await renderSummaryFor(ctx.deps, r.instructionId).catch(() => null);
    await startPreviewCounter(ctx.deps, { instructionId: r.instructionId, chatId: ctx.chat.id, messageId, total: r.sentTo, summaryDigest: summary?.digest ?? null });
  };
  const res = await sendDraft(ctx.deps, ctx.person!, draftButtons.send.unpack(ctx.callbackQuery.data)!.rev, announce);
  if (!res.ok) {
    if ('expired' in res) return show(ctx, { show: 'expired' });
    if ('problem' in res) return show(ctx, { show: 'problem', problem: res.problem });
    return show(ctx, { show: 'targets_problem', targets: res.targets });
  }
  ctx.log.info({ number: res.number, opds: res.sentTo }, 'instruction issued');
  if (res.noChat.length) await replyHtml(ctx, ctx.t.issuedNoChat(escapeHtml(res.noChat.join(', '))));
});

/** The preview edited into `text`; one that can no longer be edited (deleted meanwhile) is answered with a message. Its message id. */
async function replyOrEdit(ctx: BotContext, text: string): Promise<number | undefined> {
  try {
    await ctx.editMessageText(text, { parse_mode: 'HTML' });
    return ctx.callbackQuery?.message?.message_id;
  } catch (err) {
    ctx.log.info({ err }, 'could not edit the preview: answered with a message');
    const sent = await ctx.reply(text, { parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
    return sent.message_id;
  }
}

// "Geser ke …": the deadline on a day off moves to the next working day; the preview is redrawn in place.
buttons.callbackQuery(draftButtons.shift.filter, async (ctx) => {
  await ctx.answerCallbackQuery();
  const { rev, which } = draftButtons.shift.unpack(ctx.callbackQuery.data)!;
  await show(ctx, await shiftDeadline(ctx.deps, ctx.person!, rev, which), true);
});

buttons.callbackQuery(draftButtons.cancel.filter, async (ctx) => {
  await ctx.answerCallbackQuery();
  const had = await cancelDraft(ctx.deps, ctx.person!, draftButtons.cancel.unpack(ctx.callbackQuery.data)!.rev);
  await ctx.editMessageReplyMarkup().catch(() => undefined);
  // A stale Batal (e.g. tapped after Kirim) must not claim that nothing was sent.
  if (!had) return show(ctx, { show: 'expired' });
  await ctx.reply(ctx.t.draftCancelled);
});

buttons.on('callback_query:data', async (ctx) => {
  await ctx.answerCallbackQuery();
  await show(ctx, { show: 'expired' });
});

// Plain text in the private chat answers the open draft's current question.
issuers.on('message:text', async (ctx, next) => {
  if (!ctx.person || ctx.message.text.startsWith('/')) return next();
  const answer = await answerDraft(ctx.deps, ctx.person, ctx.message.text);
  if (!answer) return next();
  await show(ctx, answer);
});
