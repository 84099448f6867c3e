import { InlineKeyboard } from 'grammy';
import { draftButtons } from './issue.callbacks';
import type { Opd } from '../../infra/db/schema';
import { escapeHtml, fitAround, fitPlain, TELEGRAM_TEXT_LIMIT } from '../../domain/text';
import { NAME_LIMITS, shorten } from '../../domain/names';
import type { Messages } from '../../infra/i18n';
import { deadlineHtml, personName } from '../instruction/instruction.view';
import type { DraftProblem } from './issue';
import { renderDeadlineError } from './deadline.view';
import type { Preview, PreviewOffDay } from './draft-flow';
import type { TargetResolution } from './targets';

export const PICK_PAGE_SIZE = 8;

const draftData = {
  all: draftButtons.all.pack({}),
  cluster: (index: number) => draftButtons.cluster.pack({ index }),
  pick: (page: number) => draftButtons.pick.pack({ page }),
  toggle: (opd: number, page: number) => draftButtons.toggle.pack({ opd, page }),
  pickDone: draftButtons.pickDone.pack({}),
  priority: (priority: string) => draftButtons.priority.pack({ priority }),
  behalf: (person: number) => draftButtons.behalf.pack({ person }),
  send: (rev: string) => draftButtons.send.pack({ rev }),
  cancel: (rev: string) => draftButtons.cancel.pack({ rev }),
  shift: (rev: string, which: 'ack' | 'due') => draftButtons.shift.pack({ rev, which }),
};

export function targetsKeyboard(t: Messages, clusters: string[]): InlineKeyboard {
  const kb = new InlineKeyboard().text(t.draftTargetAll, draftData.all).row();
  clusters.forEach((c, i) => {
    kb.text(t.draftClusterButton(shorten(c, NAME_LIMITS.cluster)), draftData.cluster(i));
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
  if (p > 0) kb.text(t.btnPrev, draftData.pick(p - 1));
  if (p < pages - 1) kb.text(t.btnNext, draftData.pick(p + 1));
  return kb.row().text(t.draftPickDone, draftData.pickDone);
}

export function priorityKeyboard(t: Messages): InlineKeyboard {
  return new InlineKeyboard()
    .text(t.priorityName.biasa!, draftData.priority('biasa'))
    .text(t.priorityName.penting!, draftData.priority('penting'))
    .text(t.priorityName.segera!, draftData.priority('segera'));
}

/** One button per active pimpinan, two to a row. */
export function behalfKeyboard(leaders: Array<{ id: number; name: string }>): InlineKeyboard {
  const kb = new InlineKeyboard();
  leaders.forEach((p, i) => {
    kb.text(shorten(p.name, 40), draftData.behalf(p.id));
    if (i % 2 === 1) kb.row();
  });
  return kb;
}

/** The private message telling a pimpinan that an instruction went out on their behalf. */
export function renderBehalfNotice(t: Messages, n: { number: string; sender: string; label: string; opds: number; code: string; text: string }): string {
  const head = t.behalfNotice(escapeHtml(n.number), personName(n.sender), escapeHtml(fitPlain(n.label, PREVIEW_LIST_LIMIT)), n.opds, escapeHtml(n.code));
  return `${head}\n${escapeHtml(fitPlain(n.text, 600))}`;
}

/** Kirim / Batal, and above them one "Geser ke …" per deadline that falls on a day off. */
export function previewKeyboard(t: Messages, tz: string, p: Pick<Preview, 'rev' | 'offDays'>): InlineKeyboard {
  const kb = new InlineKeyboard();
  for (const o of p.offDays) kb.text(t.previewShiftButton(o.which, t.fmt.shortDateTime(o.next, tz)), draftData.shift(p.rev, o.which)).row();
  return kb.text(t.send, draftData.send(p.rev)).success().text(t.cancel, draftData.cancel(p.rev)).danger();
}

/** "⚠️ Batas waktu konfirmasi jatuh pada hari Sabtu …", one line per deadline on a day off. */
export function renderOffDays(t: Messages, tz: string, offDays: PreviewOffDay[]): string[] {
  return offDays.map((o) => t.previewOffDay(o.which, t.fmt.weekday(o.weekday), o.holiday === null ? null : escapeHtml(o.holiday), t.fmt.dateTime(o.next, tz)));
}

/** How much of a list of OPD codes the preview shows (the count is given in full beside it). */
const PREVIEW_LIST_LIMIT = 300;

/**
 * The preview is edited in place when a button is pressed, so it is one message: the lists of
 * codes are cut to PREVIEW_LIST_LIMIT and, if it is still too long, the text is shortened.
 * `now` (when it is rendered, before it is sent or edited) bounds the deadlines' date_time
 * entities; without it they are plain text.
 */
export function renderPreview(t: Messages, tz: string, p: Preview, now?: number): string {
  const deadline = (ms: number) => (now === undefined ? t.fmt.dateTime(ms, tz) : deadlineHtml(t, tz, ms, now));
  const head = [
    t.previewTitle,
    t.previewTargets(escapeHtml(fitPlain(p.label, PREVIEW_LIST_LIMIT)), p.opds.length),
    t.previewPriority(t.priorityName[p.draft.priority] ?? p.draft.priority),
    t.previewAck(deadline(p.draft.ackDeadline)),
    t.previewDue(deadline(p.draft.dueAt)),
    ...(p.behalf ? [t.previewOnBehalf(personName(p.behalf.leader), personName(p.behalf.sender))] : []),
    '',
  ];
  const tail = [''];
  tail.push(...renderOffDays(t, tz, p.offDays));
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
      return renderDeadlineError(t, p.deadline);
    case 'priority_bad':
      return t.priorityBad(escapeHtml(p.raw));
    case 'ack_in_past':
      return t.ackInPast(t.fmt.dateTime(p.at, tz));
    case 'due_in_past':
      return t.dueInPast(t.fmt.dateTime(p.at, tz));
    case 'due_before_ack':
      return t.dueBeforeAck(t.fmt.dateTime(p.due, tz), t.fmt.dateTime(p.ack, tz));
    case 'behalf_missing':
      return t.behalfMissing;
    case 'behalf_not_allowed':
      return t.behalfNotAllowed;
    case 'behalf_unknown':
      return t.behalfUnknown(escapeHtml(fitPlain(p.raw, 128)), p.known.map(personName).join(', '));
    case 'no_pimpinan':
      return t.behalfNoPimpinan;
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
