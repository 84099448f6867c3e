import { randomBytes } from 'node:crypto';
import { consumeDraft, deleteDraft, getDraft, saveDraft } from './drafts.queries';
import { listClusters, listOpds } from '../organisation/opds.queries';
import { listPeopleByRole } from '../organisation/people.queries';
import type { Opd, Person, Priority } from '../../infra/db/schema';
import { parseDeadline } from '../../domain/deadline';
import { offWorkingDay, type OffDay } from '../../domain/working-time';
import { deadlineCalendar } from '../remind/calendar';
import { hasHeaders, parseInstructionForm, parseTargets, PRIORITIES } from '../../domain/instruction-form';
import type { AppDeps } from '../../infra/deps';
import {
  checkDeadlines,
  checkText,
  DraftAlreadySent,
  draftFromForm,
  issueInstruction,
  onBehalfOf,
  type CompleteDraft,
  type DraftData,
  type DraftProblem,
  type Issued,
  type IssueResult,
} from './issue';
import { resolveTargets, type DraftTarget, type TargetResolution } from './targets';

/**
 * The guided /arahan conversation, one step at a time, its state kept in the database:
 * text → targets (all, a cluster, or picked OPDs) → ack deadline → due date → priority →
 * (a secretariat member: on whose behalf, issue #16) → preview.
 * Every step returns what the handler should show next.
 */
export type Step = 'text' | 'targets' | 'pick' | 'ack' | 'due' | 'priority' | 'behalf' | 'preview';

export type Next =
  | { show: 'ask_text' }
  | { show: 'ask_targets'; clusters: string[] }
  | { show: 'pick'; opds: Opd[]; picked: number[]; page: number }
  | { show: 'ask_ack' }
  | { show: 'ask_due' }
  | { show: 'ask_priority' }
  /** A secretariat member chooses the pimpinan it is sent on behalf of (issue #16). */
  | { show: 'ask_behalf'; leaders: Person[] }
  | { show: 'preview'; preview: Preview }
  | { show: 'problem'; problem: DraftProblem }
  | { show: 'targets_problem'; targets: Exclude<TargetResolution, { ok: true }> }
  | { show: 'pick_none' }
  | { show: 'preview_waiting' }
  | { show: 'expired' };

export interface Preview {
  /** Identifies this preview: its buttons act on it only, not on a newer draft. */
  rev: string;
  draft: CompleteDraft;
  opds: Opd[];
  label: string;
  noChat: string[];
  /** Sent by a secretariat member on behalf of a pimpinan: both names. */
  behalf: { leader: string; sender: string } | null;
  /** Deadlines that fall on a day off or a holiday, each with the next working day offered (issue #15). */
  offDays: PreviewOffDay[];
}

export type DeadlineKind = 'ack' | 'due';
export interface PreviewOffDay extends OffDay {
  which: DeadlineKind;
  at: number;
}

interface Stored extends DraftData {
  picked?: number[];
  rev?: string;
  onBehalfOf?: number | null;
}

const save = (deps: AppDeps, who: Person, step: Step, data: Stored) => saveDraft(deps.db, who.telegram_id, step, data, deps.now());

/** /arahan [body]: starts the guided flow, or goes straight to the preview for the letter form. */
export async function startDraft(deps: AppDeps, who: Person, body: string): Promise<Next> {
  const form = parseInstructionForm(body);
  if (hasHeaders(form)) {
    const res = draftFromForm(form, deps.now(), deps.config.timezone);
    if (!res.ok) return { show: 'problem', problem: res.problem };
    if (form.atasNama === undefined) return toPreview(deps, who, res.draft);
    if (who.role !== 'sekretariat') {
      // A leader's own name is no "on behalf"; anyone else's is not theirs to use.
      const self = matchLeaders([who], form.atasNama).length === 1;
      return self ? toPreview(deps, who, res.draft) : { show: 'problem', problem: { error: 'behalf_not_allowed' } };
    }
    return nameBehalf(deps, who, res.draft, form.atasNama);
  }
  if (form.text !== '') return giveText(deps, who, form.text, {});
  await save(deps, who, 'text', {});
  return { show: 'ask_text' };
}

/** A plain message in the private chat while a draft is open. */
export async function answerDraft(deps: AppDeps, who: Person, text: string): Promise<Next | null> {
  const draft = await getDraft<Stored>(deps.db, who.telegram_id);
  if (!draft) return null;
  const data = draft.data;
  switch (draft.step as Step) {
    case 'text':
      return giveText(deps, who, text, data);
    case 'targets':
    case 'pick': {
      const target = parseTargets(text);
      if (!target) return { show: 'problem', problem: { error: 'targets_bad', raw: text } };
      return chooseTarget(deps, who, target);
    }
    case 'ack': {
      const ack = parseDeadline(text, deps.now(), deps.config.timezone);
      if (!ack.ok) return { show: 'problem', problem: { error: 'deadline_format', deadline: ack.error } };
      if (ack.at <= deps.now()) return { show: 'problem', problem: { error: 'ack_in_past', at: ack.at } };
      await save(deps, who, 'due', { ...data, ackDeadline: ack.at });
      return { show: 'ask_due' };
    }
    case 'due': {
      const due = parseDeadline(text, deps.now(), deps.config.timezone);
      if (!due.ok) return { show: 'problem', problem: { error: 'deadline_format', deadline: due.error } };
      const problem = checkDeadlines(data.ackDeadline ?? 0, due.at, deps.now());
      if (problem) return { show: 'problem', problem };
      await save(deps, who, 'priority', { ...data, dueAt: due.at });
      return { show: 'ask_priority' };
    }
    case 'priority':
      return choosePriority(deps, who, text.trim().toLowerCase());
    case 'behalf': {
      const { text: body, target, ackDeadline, dueAt, priority } = data;
      if (body === undefined || target === undefined || ackDeadline === undefined || dueAt === undefined || priority === undefined) return { show: 'expired' };
      return nameBehalf(deps, who, { text: body, target, ackDeadline, dueAt, priority }, text);
    }
    case 'preview':
      return { show: 'preview_waiting' };
  }
}

async function giveText(deps: AppDeps, who: Person, text: string, data: Stored): Promise<Next> {
  const problem = checkText(text);
  if (problem) return { show: 'problem', problem };
  await save(deps, who, 'targets', { ...data, text: text.trim() });
  return { show: 'ask_targets', clusters: await listClusters(deps.db) };
}

async function current(deps: AppDeps, who: Person, steps: Step[]) {
  const draft = await getDraft<Stored>(deps.db, who.telegram_id);
  return draft && steps.includes(draft.step as Step) ? draft : null;
}

export async function chooseTarget(deps: AppDeps, who: Person, target: DraftTarget): Promise<Next> {
  const draft = await current(deps, who, ['targets', 'pick']);
  if (!draft) return { show: 'expired' };
  const res = await resolveTargets(deps.db, target);
  if (!res.ok) return { show: 'targets_problem', targets: res };
  await save(deps, who, 'ack', { ...draft.data, target, picked: undefined });
  return { show: 'ask_ack' };
}

/** "Pilih OPD": a paged keyboard of toggles. */
export async function pickPage(deps: AppDeps, who: Person, page: number, toggleOpdId?: number): Promise<Next> {
  const draft = await current(deps, who, ['targets', 'pick']);
  if (!draft) return { show: 'expired' };
  const picked = new Set(draft.data.picked ?? []);
  if (toggleOpdId !== undefined) {
    if (picked.has(toggleOpdId)) picked.delete(toggleOpdId);
    else picked.add(toggleOpdId);
  }
  await save(deps, who, 'pick', { ...draft.data, picked: [...picked] });
  return { show: 'pick', opds: await listOpds(deps.db), picked: [...picked], page };
}

export async function finishPick(deps: AppDeps, who: Person): Promise<Next> {
  const draft = await current(deps, who, ['pick']);
  if (!draft) return { show: 'expired' };
  if (!draft.data.picked?.length) return { show: 'pick_none' };
  return chooseTarget(deps, who, { kind: 'ids', ids: draft.data.picked });
}

export async function choosePriority(deps: AppDeps, who: Person, raw: string): Promise<Next> {
  const draft = await current(deps, who, ['priority']);
  if (!draft) return { show: 'expired' };
  if (!(PRIORITIES as readonly string[]).includes(raw)) return { show: 'problem', problem: { error: 'priority_bad', raw } };
  const { text, target, ackDeadline, dueAt } = draft.data;
  if (text === undefined || target === undefined || ackDeadline === undefined || dueAt === undefined) return { show: 'expired' };
  return toPreview(deps, who, { text, target, ackDeadline, dueAt, priority: raw as Priority });
}

/** The active pimpinan, by name: whom a secretariat member may issue on behalf of. */
async function activeLeaders(deps: AppDeps): Promise<Person[]> {
  return (await listPeopleByRole(deps.db, ['pimpinan'])).sort((a, b) => a.name.localeCompare(b.name));
}

/** Leaders whose name is `raw` (any case, "Bapak"/"Ibu" ignored), else those whose name contains it. */
export function matchLeaders(leaders: Person[], raw: string): Person[] {
  const q = raw
    .trim()
    .toLowerCase()
    .replace(/^(bapak|ibu|bpk\.?|pak|bu)\s+/, '')
    .replace(/\s+/g, ' ');
  if (q === '') return [];
  const exact = leaders.filter((p) => p.name.toLowerCase() === q);
  return exact.length ? exact : leaders.filter((p) => p.name.toLowerCase().includes(q));
}

/** A name given for "Atas nama" (the letter form's line, or typed at the step): one leader, or the buttons again. */
async function nameBehalf(deps: AppDeps, who: Person, draft: CompleteDraft, raw: string): Promise<Next> {
  const leaders = await activeLeaders(deps);
  if (leaders.length === 0) return { show: 'problem', problem: { error: 'no_pimpinan' } };
  const found = matchLeaders(leaders, raw);
  if (found.length === 1) return toPreview(deps, who, { ...draft, onBehalfOf: found[0]!.id });
  if (found.length === 0) return { show: 'problem', problem: { error: 'behalf_unknown', raw, known: leaders.map((l) => l.name) } };
  await save(deps, who, 'behalf', { ...draft, onBehalfOf: undefined });
  return { show: 'ask_behalf', leaders: found };
}

/** A secretariat member's press on a pimpinan's button. */
export async function chooseBehalf(deps: AppDeps, who: Person, personId: number): Promise<Next> {
  const draft = await current(deps, who, ['behalf']);
  if (!draft) return { show: 'expired' };
  const { text, target, ackDeadline, dueAt, priority } = draft.data;
  if (text === undefined || target === undefined || ackDeadline === undefined || dueAt === undefined || priority === undefined) return { show: 'expired' };
  return toPreview(deps, who, { text, target, ackDeadline, dueAt, priority, onBehalfOf: personId });
}

async function toPreview(deps: AppDeps, who: Person, draft: CompleteDraft): Promise<Next> {
  const res = await resolveTargets(deps.db, draft.target);
  if (!res.ok) return { show: 'targets_problem', targets: res };
  // A secretariat member cannot go on without naming the leader it is sent on behalf of.
  if (who.role === 'sekretariat' && (draft.onBehalfOf === undefined || draft.onBehalfOf === null)) {
    const leaders = await activeLeaders(deps);
    if (leaders.length === 0) return { show: 'problem', problem: { error: 'no_pimpinan' } };
    await save(deps, who, 'behalf', { ...draft, onBehalfOf: undefined });
    return { show: 'ask_behalf', leaders };
  }
  const behalf = await onBehalfOf(deps, who, draft.onBehalfOf);
  if (!behalf.ok) return { show: 'problem', problem: behalf.problem };
  const rev = randomBytes(4).toString('hex');
  await save(deps, who, 'preview', { ...draft, rev });
  const noChat = res.opds.filter((o) => o.chat_id === null || o.chat_status === 'removed').map((o) => o.code);
  const cal = deadlineCalendar(deps);
  const offDays: PreviewOffDay[] = [];
  for (const [which, at] of [
    ['ack', draft.ackDeadline],
    ['due', draft.dueAt],
  ] as const) {
    const off = offWorkingDay(cal, at);
    if (off) offDays.push({ which, at, ...off });
  }
  return {
    show: 'preview',
    preview: { rev, draft, opds: res.opds, label: res.label, noChat, behalf: behalf.leader ? { leader: behalf.leader.name, sender: who.name } : null, offDays },
  };
}

/**
 * "Geser ke …" on the preview: moves that deadline to the next working day at the same time
 * and shows the preview again (a new revision). Not pressed, the deadline stays as typed.
 */
export async function shiftDeadline(deps: AppDeps, who: Person, rev: string, which: string): Promise<Next> {
  const draft = await current(deps, who, ['preview']);
  if (!draft || draft.data.rev !== rev || (which !== 'ack' && which !== 'due')) return { show: 'expired' };
  const { rev: _rev, picked: _picked, ...data } = draft.data;
  const complete = data as CompleteDraft;
  const cal = deadlineCalendar(deps);
  const at = which === 'ack' ? complete.ackDeadline : complete.dueAt;
  const off = offWorkingDay(cal, at);
  if (!off) return toPreview(deps, who, complete);
  const moved: CompleteDraft = which === 'ack' ? { ...complete, ackDeadline: off.next } : { ...complete, dueAt: off.next };
  const problem = checkDeadlines(moved.ackDeadline, moved.dueAt, deps.now());
  if (problem) return { show: 'problem', problem };
  return toPreview(deps, who, moved);
}

/**
 * **Kirim** on the preview. The draft is consumed in the same transaction that creates the
 * instruction: it stays if the instruction cannot be issued, and a second press, even in
 * another process at the same moment, finds it gone and issues nothing.
 */
export async function sendDraft(deps: AppDeps, who: Person, rev: string, announce?: (issued: Issued) => Promise<unknown>): Promise<IssueResult | { ok: false; expired: true }> {
  const draft = await current(deps, who, ['preview']);
  if (!draft || draft.data.rev !== rev) return { ok: false, expired: true };
  const { rev: _rev, picked: _picked, ...data } = draft.data;
  try {
    return await issueInstruction(deps, who, data as CompleteDraft, (trx) => consumeDraft(trx, who.telegram_id, draft.raw), announce);
  } catch (err) {
    if (err instanceof DraftAlreadySent) return { ok: false, expired: true };
    throw err;
  }
}

/** /batal_draf cancels whatever is open; a preview's Batal only that preview (`rev`). */
export async function cancelDraft(deps: AppDeps, who: Person, rev?: string): Promise<boolean> {
  const draft = await getDraft<Stored>(deps.db, who.telegram_id);
  if (!draft || (rev !== undefined && draft.data.rev !== rev)) return false;
  await deleteDraft(deps.db, who.telegram_id);
  return true;
}
