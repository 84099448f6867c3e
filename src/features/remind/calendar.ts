import { readFileSync } from 'node:fs';
import { getSetting, setSetting } from '../../infra/db/settings';
import { parseHolidayCsv, type QuietHours, type WorkCalendar } from '../../domain/calendar';
import type { ReminderPolicy } from '../../domain/reminder-policy';
import { parseHolidayNames, type WorkingDays } from '../../domain/working-time';
import type { Config } from '../../infra/config';
import type { AppDeps } from '../../infra/deps';

const QUIET_KEY = 'quiet_hours';

/** The shipped holiday file plus extra dates from the configuration. */
export function loadHolidays(config: Config): Set<string> {
  const set = parseHolidayCsv(readFileSync(config.reminders.holidaysFile, 'utf8'));
  for (const d of config.reminders.extraHolidays) set.add(d);
  return set;
}

const holidayNameCache = new Map<string, Map<string, string>>();

/**
 * The working days a typed deadline is checked against (issue #15): the configured weekdays
 * and the loaded holidays, with their names from the holiday file (extra dates from the
 * configuration have none). The file is read once per path.
 */
export function deadlineCalendar(deps: AppDeps): WorkingDays {
  const file = deps.config.reminders.holidaysFile;
  let names = holidayNameCache.get(file);
  if (!names) {
    try {
      names = parseHolidayNames(readFileSync(file, 'utf8'));
    } catch {
      names = new Map();
    }
    holidayNameCache.set(file, names);
  }
  const holidays = new Map<string, string>();
  for (const d of deps.holidays) holidays.set(d, names.get(d) ?? '');
  return { tz: deps.config.timezone, workingDays: new Set(deps.config.reminders.workingDays), holidays };
}

/** Quiet hours: an admin's /senyap setting, or the configured default. */
export async function getQuietHours(deps: AppDeps): Promise<QuietHours | null> {
  const stored = await getSetting(deps.db, QUIET_KEY);
  if (stored === undefined) return deps.config.reminders.quietHours;
  return stored === 'off' ? null : (JSON.parse(stored) as QuietHours);
}

export async function setQuietHours(deps: AppDeps, q: QuietHours | null): Promise<void> {
  await setSetting(deps.db, QUIET_KEY, q ? JSON.stringify(q) : 'off', deps.now());
}

export async function loadPolicy(deps: AppDeps): Promise<ReminderPolicy> {
  const r = deps.config.reminders;
  const calendar: WorkCalendar = {
    tz: deps.config.timezone,
    workingDays: new Set(r.workingDays),
    holidays: deps.holidays,
    quiet: await getQuietHours(deps),
  };
  return {
    intervals: r.intervals,
    pimpinanDelay: r.pimpinanDelayMs,
    dayBefore: r.dayBeforeMs,
    dueMorningMinute: r.dueMorningMinute,
    overdueEvery: r.overdueEveryMs,
    calendar,
  };
}
