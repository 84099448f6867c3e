import { Composer } from 'grammy';
import { assignmentsOf } from '../src/features/instruction/read';
import { formatQuietHours, parseQuietHours } from '../src/domain/calendar';
import { can } from '../src/domain/permissions';
import { escapeHtml } from '../src/domain/text';
import type { Messages } from '../src/infra/i18n';
import { manageActingHead, type ActingResult } from '../src/features/organisation/acting-heads';
import { getQuietHours, setQuietHours } from '../src/features/remind/calendar';
import { findInstruction } from '../src/features/status/status';
import { reconcileTimers, reminderPlan } from '../src/features/remind/reminders';
import { reconcileObstacleTimers } from '../src/features/obstacle/obstacles';
import type { BotContext } from '../src/infra/telegram/context';
import { args, guard, replyHtml } from '../src/infra/telegram/middleware';

/** /pengingat (the plan), /senyap (quiet hours), /plt (acting heads). */
export const remindersHandler = new Composer<BotContext>();

function who(t: Messages, kind: string): string {
  if (kind === 'escalate_secretariat') return t.whoSecretariat;
  if (kind === 'escalate_pimpinan') return t.whoIssuer;
  if (kind === 'overdue') return t.whoOpdSecretariat;
  return t.whoOpd;
}

remindersHandler.command('pengingat', guard('pengingat'), async (ctx) => {
  const [raw] = args(ctx.match);
  if (!raw) return replyHtml(ctx, ctx.t.manageUsage('/pengingat'));
  const found = await findInstruction(ctx.deps, raw);
  if (!found.ok) return replyHtml(ctx, found.error === 'bad_number' ? ctx.t.badNumber('/pengingat') : ctx.t.unknownNumber(escapeHtml(found.number)));
  const rows = await assignmentsOf(ctx.deps, found.value.id);
  const plan = await reminderPlan(
    ctx.deps,
    rows.map((r) => r.id),
  );
  if (plan.length === 0) return replyHtml(ctx, `${ctx.t.planHeader(escapeHtml(found.value.number))}\n${ctx.t.planNone}`);
  const tz = ctx.deps.config.timezone;
  const lines = plan.map((p) => ctx.t.planLine(escapeHtml(p.opdCode), ctx.t.stepName[p.step.kind] ?? p.step.kind, who(ctx.t, p.step.kind), ctx.t.fmt.dateTime(p.step.at, tz)));
  await replyHtml(ctx, [ctx.t.planHeader(escapeHtml(found.value.number)), ...lines].join('\n'));
});

remindersHandler.command('senyap', guard('senyap'), async (ctx) => {
  const value = ctx.match.trim();
  if (value === '') {
    const days = ctx.deps.config.reminders.workingDays.map((d) => ctx.t.fmt.weekday(d)).join(', ');
    return replyHtml(ctx, ctx.t.quietShow(formatQuietHours(await getQuietHours(ctx.deps)), days));
  }
  if (!can(ctx.person, 'admin')) return replyHtml(ctx, ctx.t.notAllowed('/senyap', ctx.t.roleName.admin!));
  const q = parseQuietHours(value);
  if (q === undefined) return replyHtml(ctx, ctx.t.quietUsage);
  await setQuietHours(ctx.deps, q);
  // Re-plan every open reminder under the new hours.
  await reconcileTimers(ctx.deps);
  await reconcileObstacleTimers(ctx.deps);
  await replyHtml(ctx, ctx.t.quietSet(formatQuietHours(q)));
});

function actingReply(t: Messages, res: ActingResult): string {
  if (!res.ok) {
    switch (res.error) {
      case 'usage':
        return t.pltUsage;
      case 'bad_dates':
        return t.pltBadDates;
      case 'unknown_opd':
        return t.unknownOpd(escapeHtml(res.code));
      case 'unknown_person':
        return t.rolePersonUnknown(escapeHtml(res.id));
    }
  }
  const opd = `${escapeHtml(res.opd.code)} — ${escapeHtml(res.opd.name)}`;
  if (res.action === 'set') return t.pltSet(escapeHtml(res.person.name), opd, res.from, res.to);
  if (res.action === 'removed') return t.pltRemoved(opd, res.count);
  return t.pltList(opd, res.entries.map((e) => `• ${escapeHtml(e.name)}: ${e.from_date} s.d. ${e.to_date}`).join('\n'));
}

remindersHandler.command('plt', guard('plt'), async (ctx) => {
  await replyHtml(ctx, actingReply(ctx.t, await manageActingHead(ctx.deps, ctx.person!, args(ctx.match))));
});
