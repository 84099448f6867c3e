import { obstacleButtons } from './obstacle.callbacks';
import { escapeHtml, fitAround, fitHtml, TELEGRAM_CAPTION_LIMIT, TELEGRAM_TEXT_LIMIT } from '../../domain/text';
import { OBSTACLE_EXTENSION_MS, type ObstacleStepKind } from '../../domain/obstacle-policy';
import type { Messages } from '../../infra/i18n';
import { deadlineHtml, opdHeading, personName } from '../instruction/instruction.view';
import type { ObstacleListRow } from './obstacles.queries';
import { fitForwardedText, type ForwardedTextModel } from '../report/report.view';

export interface ObstacleModel extends ForwardedTextModel {
  obstacleId: number;
}

/** Tanggapi / Perpanjang / Selesai ditangani (outbox JSON), on the obstacle and on its reminders. */
export function obstacleKeyboard(t: Messages, obstacleId: number): string {
  const days = Math.round(OBSTACLE_EXTENSION_MS / 86_400_000);
  return JSON.stringify({
    inline_keyboard: [
      [
        { text: t.btnObsAnswer, callback_data: obstacleButtons.answer.pack({ obstacle: obstacleId }) },
        { text: t.btnObsExtend(days), callback_data: obstacleButtons.extend.pack({ obstacle: obstacleId }) },
      ],
      [{ text: t.btnObsHandled, callback_data: obstacleButtons.handled.pack({ obstacle: obstacleId }), style: 'success' }],
    ],
  });
}

/** An obstacle as the issuer and the secretariat read it, with its buttons: one message, the text shortened first. */
export function renderObstacleForward(t: Messages, m: ObstacleModel): { text: string; buttons: string } {
  const text = fitForwardedText(t, m.text, (body) => t.obsForward(escapeHtml(m.number), opdHeading(m.opdCode, m.opdName), personName(m.reporter), body, m.files));
  return { text, buttons: obstacleKeyboard(t, m.obstacleId) };
}

/** The caption of one file of an obstacle (`index` counts from 1). */
export function renderObstacleAttachment(t: Messages, number: string, opdCode: string, index: number, count: number): string {
  return fitHtml(t.obsAttachment(escapeHtml(number), escapeHtml(opdCode), index, count), TELEGRAM_CAPTION_LIMIT, t.truncated);
}

/** A reminder to the issuer, or the escalation to the secretariat, with the obstacle's buttons. */
export function renderObstacleStep(t: Messages, kind: ObstacleStepKind, m: ObstacleModel & { waitedMs: number; issuer: string }): { text: string; buttons: string } {
  const number = escapeHtml(m.number);
  const opd = opdHeading(m.opdCode, m.opdName);
  const waited = t.fmt.duration(m.waitedMs);
  const text = fitForwardedText(t, m.text, (body) =>
    kind === 'obstacle_remind' ? t.obsRemindIssuer(number, opd, waited, body) : t.obsEscalate(number, opd, personName(m.issuer), waited, body),
  );
  return { text, buttons: obstacleKeyboard(t, m.obstacleId) };
}

/** The OPD group hears an answer to its obstacle. */
export function renderObstacleAnswerGroup(t: Messages, number: string, who: string, answer: string): string {
  return fitAround((body) => t.obsAnswerGroup(escapeHtml(number), personName(who), body), escapeHtml(answer), TELEGRAM_TEXT_LIMIT, t.truncated);
}

export function renderObstacleHandledGroup(t: Messages, number: string, who: string): string {
  return t.obsHandledGroup(escapeHtml(number), personName(who));
}

export function renderObstacleExtendedGroup(t: Messages, tz: string, number: string, due: number): string {
  return t.obsExtendedGroup(escapeHtml(number), t.fmt.dateTime(due, tz));
}

/** /status: one line per obstacle of the instruction, open ones saying so. */
export function renderObstacleLines(t: Messages, tz: string, rows: ObstacleListRow[]): string[] {
  if (rows.length === 0) return [];
  const lines = [t.statusObstaclesHeader(rows.filter((r) => r.state === 'open').length)];
  for (const r of rows) {
    const state =
      r.state === 'handled'
        ? t.obsStateHandled(personName(r.handler_name ?? '-'), t.fmt.shortDateTime(Number(r.handled_at), tz))
        : r.responded_at !== null
          ? t.obsStateAnswered(personName(r.responder_name ?? '-'))
          : t.obsStateOpen;
    const text = escapeHtml(r.text.length > 200 ? `${r.text.slice(0, 200)}…` : r.text) || t.reportNoText;
    lines.push(t.statusObstacleLine(escapeHtml(r.opd_code), t.fmt.shortDateTime(r.created_at, tz), text, state));
  }
  return lines;
}

/** What the issuer and the other secretariat members hear of an obstacle decision (issue #15). */
export type ObstacleTold = { what: 'answered'; answer: string } | { what: 'handled' } | { what: 'extended'; due: number; now: number };

export function renderObstacleTold(t: Messages, tz: string, number: string, opdCode: string, who: string, told: ObstacleTold): string {
  const n = escapeHtml(number);
  const opd = escapeHtml(opdCode);
  switch (told.what) {
    case 'answered':
      return fitAround((body) => t.obsToldAnswered(n, opd, personName(who), body), escapeHtml(told.answer), TELEGRAM_TEXT_LIMIT, t.truncated);
    case 'handled':
      return t.obsToldHandled(n, opd, personName(who));
    case 'extended':
      return t.obsToldExtended(n, opd, personName(who), deadlineHtml(t, tz, told.due, told.now));
  }
}

/** What replaces the buttons on every copy of an obstacle once it is handled: who, and when. */
export function renderObstacleHandledLine(t: Messages, tz: string, who: string, at: number): string {
  return t.decidedBy(t.decisionWord.obs_done, personName(who), t.fmt.dateTime(at, tz));
}
