import { InlineKeyboard } from 'grammy';
import { draftButtons } from './issue.callbacks';
import type { Opd } from '../../infra/db/schema';
import { escapeHtml, fitAround, fitPlain, TELEGRAM_TEXT_LIMIT } from '../../domain/text';
import { NAME_LIMITS, shorten } from '../../domain/names';
import type { Messages } from '../../infra/i18n';
import type { DraftProblem } from './issue';
import type { Preview } from './draft-flow';
import type { TargetResolution } from './targets';

export const PICK_PAGE_SIZE = 8;

const draftData = {
  all: draftButtons.all.pack({}),
  cluster: (index: number) => draftButtons.cluster.pack({ index }),
  pick: (page: number) => draftButtons.pick.pack({ page }),
  toggle: (opd: number, page: number) => draftButtons.toggle.pack({ opd, page }),
  pickDone: draftButtons.pickDone.pack({}),
  priority: (priority: string) => draftButtons.priority.pack({ priority }),
  send: (rev: string) => draftButtons.send.pack({ rev }),
  cancel: (rev: string) => draftButtons.cancel.pack({ rev }),
};

export function targetsKeyboard(t: Messages, clusters: string[]): InlineKeyboard {
  const kb = new InlineKeyboard().text(t.draftTargetAll, draftData.all).row();
  clusters.forEach((c, i) => {
    kb.text(`Klaster ${shorten(c, NAME_LIMITS.cluster)}`, draftData.cluster(i));
    if (i % 2 === 1) kb.row();
  });
  return kb.row().text(t.draftTargetPick, draftData.pick(0));
}

export function pickKeyboard(t: Messages, opds: Opd[], picked: number[], page: number): InlineKeyboard {
  const pages = Math.max(1, Math.ceil(opds.length / PICK_PAGE_SIZE));
  const p = Math.min(Math.max(0, page), pages - 1);
  const chosen = new Set(picked);
  const kb = new InlineKeyboard();
  opds.slice(p * PICK_PAGE_SIZE, (p + 1) * PICK_PAGE_SIZE).forEach((o, i) => {
    kb.text(`${chosen.has(o.id) ? '✔ ' : ''}${o.code}`, draftData.toggle(o.id, p));
    if (i % 2 === 1) kb.row();
  });
  kb.row();
  if (p > 0) kb.text('‹ Sebelumnya', draftData.pick(p - 1));
  if (p < pages - 1) kb.text('Berikutnya ›', draftData.pick(p + 1));
  return kb.row().text(t.draftPickDone, draftData.pickDone);
}

export function priorityKeyboard(t: Messages): InlineKeyboard {
  return new InlineKeyboard()
    .text(t.priorityName.biasa!, draftData.priority('biasa'))
    .text(t.priorityName.penting!, draftData.priority('penting'))
    .text(t.priorityName.segera!, draftData.priority('segera'));
}

export function previewKeyboard(t: Messages, rev: string): InlineKeyboard {
  return new InlineKeyboard().text(t.send, draftData.send(rev)).text(t.cancel, draftData.cancel(rev));
}

/** How much of a list of OPD codes the preview shows (the count is given in full beside it). */
const PREVIEW_LIST_LIMIT = 300;

/**
 * The preview is edited in place when a button is pressed, so it is one message: the lists of
 * codes are cut to PREVIEW_LIST_LIMIT and, if it is still too long, the text is shortened.
 */
export function renderPreview(t: Messages, tz: string, p: Preview): string {
  const head = [
    t.previewTitle,
    t.previewTargets(escapeHtml(fitPlain(p.label, PREVIEW_LIST_LIMIT)), p.opds.length),
    `Sifat: ${t.priorityName[p.draft.priority] ?? p.draft.priority}`,
    `Konfirmasi: <b>${t.fmt.dateTime(p.draft.ackDeadline, tz)}</b>`,
    `Selesai: <b>${t.fmt.dateTime(p.draft.dueAt, tz)}</b>`,
    '',
  ];
  const tail = [''];
  if (p.noChat.length) tail.push(t.previewNoChat(escapeHtml(fitPlain(p.noChat.join(', '), PREVIEW_LIST_LIMIT))));
  tail.push(t.previewConfirm);
  return fitAround((text) => [...head, text, ...tail].join('\n'), escapeHtml(p.draft.text), TELEGRAM_TEXT_LIMIT, t.truncated);
}

export function renderProblem(t: Messages, tz: string, p: DraftProblem): string {
  switch (p.error) {
    case 'text_empty':
      return t.textEmpty;
    case 'text_too_long':
      return t.textTooLong(p.max, p.got);
    case 'targets_missing':
      return t.targetsMissing;
    case 'targets_bad':
      return t.targetsBad(escapeHtml(p.raw));
    case 'ack_missing':
      return t.ackMissing;
    case 'due_missing':
      return t.dueMissing;
    case 'deadline_format':
      return escapeHtml(p.message);
    case 'priority_bad':
      return t.priorityBad(escapeHtml(p.raw));
    case 'ack_in_past':
      return t.ackInPast(t.fmt.dateTime(p.at, tz));
    case 'due_in_past':
      return t.dueInPast(t.fmt.dateTime(p.at, tz));
    case 'due_before_ack':
      return t.dueBeforeAck(t.fmt.dateTime(p.due, tz), t.fmt.dateTime(p.ack, tz));
  }
}

export function renderTargetsProblem(t: Messages, r: Exclude<TargetResolution, { ok: true }>): string {
  switch (r.error) {
    case 'unknown_codes':
      return t.targetsUnknownCodes(escapeHtml(r.codes.join(', ')));
    case 'unknown_cluster':
      return t.targetsUnknownCluster(escapeHtml(r.name), escapeHtml(r.known.join(', ')));
    case 'empty':
      return t.targetsEmpty;
  }
}
