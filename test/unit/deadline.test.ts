import { describe, it, expect } from 'vitest';
import { parseDeadline } from '../../src/domain/deadline';
import { renderDeadlineError } from '../../src/features/issue/deadline.view';
import { en } from '../../locales/en';
import { id } from '../../locales/id';

// The parser returns a code (DeadlineError); the Indonesian catalogue words it exactly as the
// parser itself did before the words moved there.
const DEADLINE_EXAMPLES = '2 jam, besok 09.00, Jumat 16.00, 28/11 17.00, 28 November 2026 17.00';

const JKT = 'Asia/Jakarta';
const MKS = 'Asia/Makassar';
const JYP = 'Asia/Jayapura';
const MIN = 60_000;
const HOUR = 60 * MIN;

// Fixed clocks (WIB = UTC+7).
const WED = Date.UTC(2026, 10, 25, 3, 0); // Rabu, 25 November 2026 10.00 WIB
const MONTH_END = Date.UTC(2026, 10, 30, 13, 0); // Senin, 30 November 2026 20.00 WIB
const YEAR_END = Date.UTC(2026, 11, 31, 3, 0); // Kamis, 31 Desember 2026 10.00 WIB

function at(input: string, now: number, tz = JKT): number {
  const r = parseDeadline(input, now, tz);
  if (!r.ok) throw new Error(`expected ok for ${JSON.stringify(input)}: ${r.error.code}`);
  return r.at;
}

/** Parse and format back in the same zone. */
function show(input: string, now: number, tz = JKT): string {
  return id.fmt.dateTime(at(input, now, tz), tz);
}

function error(input: string, now = WED, tz = JKT): string {
  const r = parseDeadline(input, now, tz);
  if (r.ok) throw new Error(`expected error for ${JSON.stringify(input)}, got ${id.fmt.dateTime(r.at, tz)}`);
  return renderDeadlineError(id, r.error);
}

describe('fixed clocks', () => {
  it('are what the tests assume', () => {
    expect(id.fmt.dateTime(WED, JKT)).toBe('Rabu, 25 November 2026 pukul 10.00 WIB');
    expect(id.fmt.dateTime(MONTH_END, JKT)).toBe('Senin, 30 November 2026 pukul 20.00 WIB');
    expect(id.fmt.dateTime(YEAR_END, JKT)).toBe('Kamis, 31 Desember 2026 pukul 10.00 WIB');
  });
});

describe('relative durations', () => {
  it('adds minutes, hours, days and weeks to now', () => {
    expect(at('30 menit', WED)).toBe(WED + 30 * MIN);
    expect(at('2 jam', WED)).toBe(WED + 2 * HOUR);
    expect(show('2 jam', WED)).toBe('Rabu, 25 November 2026 pukul 12.00 WIB');
    expect(show('3 hari', WED)).toBe('Sabtu, 28 November 2026 pukul 10.00 WIB');
    expect(show('1 minggu', WED)).toBe('Rabu, 2 Desember 2026 pukul 10.00 WIB');
    expect(at('1 jam 30 menit', WED)).toBe(WED + 90 * MIN);
  });

  it('tolerates case, spacing and "dalam"/"lagi"', () => {
    expect(at('  2   JAM ', WED)).toBe(WED + 2 * HOUR);
    expect(at('2jam', WED)).toBe(WED + 2 * HOUR);
    expect(at('2 jam lagi', WED)).toBe(WED + 2 * HOUR);
    expect(at('dalam 45 menit', WED)).toBe(WED + 45 * MIN);
  });

  it('keeps the exact time of day, seconds included', () => {
    const now = WED + 30_500; // 10.00.30.5
    expect(at('30 menit', now)).toBe(now + 30 * MIN);
    expect(at('3 hari', now)).toBe(now + 3 * 24 * HOUR);
  });

  it('crosses month and year ends', () => {
    expect(show('3 hari', MONTH_END)).toBe('Kamis, 3 Desember 2026 pukul 20.00 WIB');
    expect(show('5 jam', MONTH_END)).toBe('Selasa, 1 Desember 2026 pukul 01.00 WIB');
    expect(show('1 minggu', YEAR_END)).toBe('Kamis, 7 Januari 2027 pukul 10.00 WIB');
  });

  it('moves whole days on the local calendar (DST zone check)', () => {
    const ams = 'Europe/Amsterdam';
    const before = Date.UTC(2026, 2, 28, 9, 0); // Sat 28 Mar 2026 10:00 CET; DST starts the 29th
    expect(at('1 hari', before, ams)).toBe(Date.UTC(2026, 2, 29, 8, 0)); // 10:00 CEST, 23 h later
    expect(at('24 jam', before, ams)).toBe(before + 24 * HOUR);
  });
});

describe('hari ini / besok / lusa', () => {
  it('uses the given time', () => {
    expect(show('hari ini 16.00', WED)).toBe('Rabu, 25 November 2026 pukul 16.00 WIB');
    expect(show('besok 09.00', WED)).toBe('Kamis, 26 November 2026 pukul 09.00 WIB');
    expect(show('lusa 10.00', WED)).toBe('Jumat, 27 November 2026 pukul 10.00 WIB');
  });

  it('accepts colon, "pukul", "jam" and hour-only after pukul/jam', () => {
    const expected = 'Kamis, 26 November 2026 pukul 09.00 WIB';
    expect(show('besok 09:00', WED)).toBe(expected);
    expect(show('besok 9.00', WED)).toBe(expected);
    expect(show('Besok pukul 09.00', WED)).toBe(expected);
    expect(show('besok jam 09.00', WED)).toBe(expected);
    expect(show('besok jam 9', WED)).toBe(expected);
    expect(show('besok pukul 9', WED)).toBe(expected);
    expect(show('BESOK 09.00 WIB', WED)).toBe(expected);
    expect(show('besok 09.00.', WED)).toBe(expected);
  });

  it('defaults to 16.00 without a time', () => {
    expect(show('besok', WED)).toBe('Kamis, 26 November 2026 pukul 16.00 WIB');
    expect(show('lusa', WED)).toBe('Jumat, 27 November 2026 pukul 16.00 WIB');
    expect(show('hari ini', WED)).toBe('Rabu, 25 November 2026 pukul 16.00 WIB');
  });

  it('reads a bare time as today', () => {
    expect(show('16.00', WED)).toBe('Rabu, 25 November 2026 pukul 16.00 WIB');
    expect(show('pukul 14.30', WED)).toBe('Rabu, 25 November 2026 pukul 14.30 WIB');
  });

  it('returns a past time for "hari ini" earlier than now (callers refuse it)', () => {
    const t = at('hari ini 08.00', WED);
    expect(id.fmt.dateTime(t, JKT)).toBe('Rabu, 25 November 2026 pukul 08.00 WIB');
    expect(t).toBeLessThan(WED);
  });

  it('crosses the month end', () => {
    expect(show('besok 09.00', MONTH_END)).toBe('Selasa, 1 Desember 2026 pukul 09.00 WIB');
    expect(show('lusa', MONTH_END)).toBe('Rabu, 2 Desember 2026 pukul 16.00 WIB');
  });

  it('crosses the year end', () => {
    expect(show('besok', YEAR_END)).toBe('Jumat, 1 Januari 2027 pukul 16.00 WIB');
    expect(show('lusa 08.00', YEAR_END)).toBe('Sabtu, 2 Januari 2027 pukul 08.00 WIB');
  });
});

describe('weekday names', () => {
  it('takes the next occurrence', () => {
    expect(show('Senin 08:00', WED)).toBe('Senin, 30 November 2026 pukul 08.00 WIB');
    expect(show('Jumat 16.00', WED)).toBe('Jumat, 27 November 2026 pukul 16.00 WIB');
    expect(show('jumat', WED)).toBe('Jumat, 27 November 2026 pukul 16.00 WIB');
    expect(show("Jum'at", WED)).toBe('Jumat, 27 November 2026 pukul 16.00 WIB');
    expect(show('jum\u2019at 16.00', WED)).toBe('Jumat, 27 November 2026 pukul 16.00 WIB');
    expect(show('hari Kamis', WED)).toBe('Kamis, 26 November 2026 pukul 16.00 WIB');
    expect(show('minggu', WED)).toBe('Minggu, 29 November 2026 pukul 16.00 WIB');
    expect(show('SELASA 7:30', WED)).toBe('Selasa, 1 Desember 2026 pukul 07.30 WIB');
    expect(show('sabtu pukul 10.00', WED)).toBe('Sabtu, 28 November 2026 pukul 10.00 WIB');
  });

  it('uses today when it is that weekday and the time is still ahead', () => {
    expect(show('rabu', WED)).toBe('Rabu, 25 November 2026 pukul 16.00 WIB');
    expect(show('Rabu 10.01', WED)).toBe('Rabu, 25 November 2026 pukul 10.01 WIB');
  });

  it('moves to next week when the time today has passed', () => {
    expect(show('rabu 09.00', WED)).toBe('Rabu, 2 Desember 2026 pukul 09.00 WIB');
    expect(show('rabu 10.00', WED)).toBe('Rabu, 2 Desember 2026 pukul 10.00 WIB'); // exactly now
    const evening = Date.UTC(2026, 10, 25, 10, 0); // Rabu 17.00 WIB
    expect(show('rabu', evening)).toBe('Rabu, 2 Desember 2026 pukul 16.00 WIB');
  });

  it('crosses the year end', () => {
    expect(show('Senin', YEAR_END)).toBe('Senin, 4 Januari 2027 pukul 16.00 WIB');
    expect(show('Jumat 09.00', YEAR_END)).toBe('Jumat, 1 Januari 2027 pukul 09.00 WIB');
    expect(show('Kamis 09.00', YEAR_END)).toBe('Kamis, 7 Januari 2027 pukul 09.00 WIB');
  });
});

describe('numeric dates', () => {
  it('reads day/month with optional year and time', () => {
    const expected = 'Sabtu, 28 November 2026 pukul 17.00 WIB';
    expect(show('28/11 17.00', WED)).toBe(expected);
    expect(show('28/11/2026 17.00', WED)).toBe(expected);
    expect(show('28-11-2026 17:00', WED)).toBe(expected);
    expect(show('28/11/26 17.00', WED)).toBe(expected);
    expect(show('28/11 pukul 17.00', WED)).toBe(expected);
    expect(show('tanggal 28/11 17.00', WED)).toBe(expected);
    expect(show('28/11', WED)).toBe('Sabtu, 28 November 2026 pukul 16.00 WIB');
    expect(show('1/12', WED)).toBe('Selasa, 1 Desember 2026 pukul 16.00 WIB');
    expect(show('01/12 08.00', WED)).toBe('Selasa, 1 Desember 2026 pukul 08.00 WIB');
  });

  it('takes next year when the date without a year has passed', () => {
    expect(show('24/11', WED)).toBe('Rabu, 24 November 2027 pukul 16.00 WIB');
    expect(show('5/1', YEAR_END)).toBe('Selasa, 5 Januari 2027 pukul 16.00 WIB');
    expect(show('5/1', WED)).toBe('Selasa, 5 Januari 2027 pukul 16.00 WIB');
    // 29 February: next year in which it exists.
    expect(show('29/02', WED)).toBe('Selasa, 29 Februari 2028 pukul 16.00 WIB');
  });

  it('keeps today (this year) even if the time has passed', () => {
    const t = at('25/11 08.00', WED);
    expect(id.fmt.dateTime(t, JKT)).toBe('Rabu, 25 November 2026 pukul 08.00 WIB');
    expect(t).toBeLessThan(WED);
    expect(show('31/12', YEAR_END)).toBe('Kamis, 31 Desember 2026 pukul 16.00 WIB');
  });

  it('returns explicit past years as is (callers refuse them)', () => {
    expect(show('28/11/2025 17.00', WED)).toBe('Jumat, 28 November 2025 pukul 17.00 WIB');
  });

  it('reads ISO dates', () => {
    expect(show('2026-11-28 17:00', WED)).toBe('Sabtu, 28 November 2026 pukul 17.00 WIB');
    expect(show('2026-11-28T17:00', WED)).toBe('Sabtu, 28 November 2026 pukul 17.00 WIB');
    expect(show('2026-11-28', WED)).toBe('Sabtu, 28 November 2026 pukul 16.00 WIB');
  });
});

describe('month names', () => {
  it('reads full and short Indonesian month names', () => {
    const expected = 'Sabtu, 28 November 2026 pukul 17.00 WIB';
    expect(show('28 November 2026 17:00', WED)).toBe(expected);
    expect(show('28 November 2026 17.00', WED)).toBe(expected);
    expect(show('28 Nov 17.00', WED)).toBe(expected);
    expect(show('28 nov 2026 pukul 17.00', WED)).toBe(expected);
    expect(show('28 november', WED)).toBe('Sabtu, 28 November 2026 pukul 16.00 WIB');
    expect(show('17 Agustus 2027 08.00', WED)).toBe('Selasa, 17 Agustus 2027 pukul 08.00 WIB');
    expect(show('5 Des', WED)).toBe('Sabtu, 5 Desember 2026 pukul 16.00 WIB');
    expect(show('5 Mei 2027', WED)).toBe('Rabu, 5 Mei 2027 pukul 16.00 WIB');
  });

  it('reads English abbreviations', () => {
    expect(show('5 Aug 2027 10.00', WED)).toBe('Kamis, 5 Agustus 2027 pukul 10.00 WIB');
    expect(show('5 Dec', WED)).toBe('Sabtu, 5 Desember 2026 pukul 16.00 WIB');
    expect(show('5 Oct', WED)).toBe('Selasa, 5 Oktober 2027 pukul 16.00 WIB');
  });

  it('applies the next-occurrence rule without a year', () => {
    expect(show('5 Januari', YEAR_END)).toBe('Selasa, 5 Januari 2027 pukul 16.00 WIB');
  });

  it('round-trips fmt.dateTime output and checks a given weekday', () => {
    expect(show('Sabtu, 28 November 2026 pukul 17.00 WIB', WED)).toBe('Sabtu, 28 November 2026 pukul 17.00 WIB');
    expect(show('Senin, 30/11 08.00', WED)).toBe('Senin, 30 November 2026 pukul 08.00 WIB');
    expect(show('hari Senin tanggal 30 November', WED)).toBe('Senin, 30 November 2026 pukul 16.00 WIB');
    expect(error('Jumat, 28 November 2026 17.00')).toBe('Tanggal 28 November 2026 jatuh pada hari Sabtu, bukan Jumat.');
  });
});

describe('time zones', () => {
  it('interprets the same wall clock in each zone, one hour apart', () => {
    for (const input of ['besok 09.00', '28/11 17.00', '28 November 2026 17.00', 'Jumat 16.00', 'lusa']) {
      const wib = at(input, WED, JKT);
      const wita = at(input, WED, MKS);
      const wit = at(input, WED, JYP);
      expect(wib - wita, input).toBe(HOUR);
      expect(wita - wit, input).toBe(HOUR);
    }
    expect(show('besok 09.00', WED, MKS)).toBe('Kamis, 26 November 2026 pukul 09.00 WITA');
    expect(show('besok 09.00', WED, JYP)).toBe('Kamis, 26 November 2026 pukul 09.00 WIT');
    expect(at('besok 09.00', WED, JKT)).toBe(Date.UTC(2026, 10, 26, 2, 0));
    expect(at('besok 09.00', WED, MKS)).toBe(Date.UTC(2026, 10, 26, 1, 0));
    expect(at('besok 09.00', WED, JYP)).toBe(Date.UTC(2026, 10, 26, 0, 0));
  });

  it('uses the local date of the zone for "besok"', () => {
    const lateWib = Date.UTC(2026, 10, 25, 16, 30); // 23.30 WIB = 00.30 WITA on the 26th
    expect(show('besok 09.00', lateWib, JKT)).toBe('Kamis, 26 November 2026 pukul 09.00 WIB');
    expect(show('besok 09.00', lateWib, MKS)).toBe('Jumat, 27 November 2026 pukul 09.00 WITA');
    expect(show('besok 09.00', lateWib, JYP)).toBe('Jumat, 27 November 2026 pukul 09.00 WIT');
  });

  it('honours an explicit zone label in the input', () => {
    expect(at('besok 09.00 WITA', WED, JKT)).toBe(at('besok 09.00', WED, MKS));
    expect(show('besok 09.00 WITA', WED, JKT)).toBe('Kamis, 26 November 2026 pukul 08.00 WIB');
    expect(show('28/11 17.00 wit', WED, JKT)).toBe('Sabtu, 28 November 2026 pukul 15.00 WIB');
  });
});

describe('invalid input', () => {
  const unknown = (s: string) => `Format waktu tidak dikenali: “${s}”. Contoh: ${DEADLINE_EXAMPLES}. Tanpa jam, batas waktu adalah pukul 16.00.`;

  it('gives the examples in both catalogues, in Indonesian (what the parser reads)', () => {
    expect(id.deadlineProblem.empty).toBe(`Batas waktu belum diisi. Contoh: ${DEADLINE_EXAMPLES}.`);
    for (const example of DEADLINE_EXAMPLES.split(', ')) {
      expect(at(example, WED)).toBeGreaterThan(WED);
      expect(en.deadlineProblem.empty).toContain(example);
    }
  });

  it('rejects empty input', () => {
    expect(error('')).toBe(`Batas waktu belum diisi. Contoh: ${DEADLINE_EXAMPLES}.`);
    expect(error('   ')).toBe(`Batas waktu belum diisi. Contoh: ${DEADLINE_EXAMPLES}.`);
  });

  it('rejects unrecognised words with the example message', () => {
    expect(error('kemarin')).toBe(unknown('kemarin'));
    expect(error('  Besok   pagi ')).toBe(unknown('Besok pagi'));
    for (const s of ['2 tahun', 'minggu depan', 'besok 9', 'besok jam', '28 Foo 2026', 'wib', 'asap', '28.11.2026', '2 jam kemarin']) {
      expect(error(s)).toBe(unknown(s));
    }
  });

  it('truncates very long input in the message', () => {
    const long = 'x'.repeat(100);
    expect(error(long)).toBe(unknown(`${'x'.repeat(57)}…`));
  });

  it('rejects impossible dates', () => {
    expect(error('31/02')).toBe(`Tanggal tidak valid: “31/02”. Contoh: ${DEADLINE_EXAMPLES}.`);
    expect(error('31/02/2026 10.00')).toBe(`Tanggal tidak valid: “31/02/2026”. Contoh: ${DEADLINE_EXAMPLES}.`);
    expect(error('29/02/2026')).toMatch(/^Tanggal tidak valid/);
    expect(error('32/1')).toMatch(/^Tanggal tidak valid/);
    expect(error('1/13')).toMatch(/^Tanggal tidak valid/);
    expect(error('0/1')).toMatch(/^Tanggal tidak valid/);
    expect(error('31 April')).toMatch(/^Tanggal tidak valid/);
    expect(error('2026-13-01')).toMatch(/^Tanggal tidak valid/);
  });

  it('rejects impossible times', () => {
    expect(error('besok 25.00')).toBe('Jam tidak valid: “25.00”. Gunakan jam 00.00 sampai 23.59.');
    expect(error('12.60')).toBe('Jam tidak valid: “12.60”. Gunakan jam 00.00 sampai 23.59.');
    expect(error('besok 24:00')).toBe('Jam tidak valid: “24.00”. Gunakan jam 00.00 sampai 23.59.');
    expect(error('besok jam 24')).toBe('Jam tidak valid: “24”. Gunakan jam 00.00 sampai 23.59.');
    expect(error('28/11 17.75')).toMatch(/^Jam tidak valid/);
    // Dots are times, never dates.
    expect(error('28.11')).toBe('Jam tidak valid: “28.11”. Gunakan jam 00.00 sampai 23.59.');
  });
});

describe('the error is a code, worded by the reader’s catalogue (issue #15)', () => {
  const failure = (input: string) => {
    const r = parseDeadline(input, WED, JKT);
    if (r.ok) throw new Error(`expected an error for ${input}`);
    return r.error;
  };

  it('carries what the message needs, and no text', () => {
    expect(failure('  ')).toEqual({ code: 'empty' });
    expect(failure('kemarin')).toEqual({ code: 'unrecognised', input: 'kemarin' });
    expect(failure('31/02')).toEqual({ code: 'bad_date', input: '31/02' });
    expect(failure('besok 25.00')).toEqual({ code: 'bad_time', input: '25.00' });
    expect(failure('Jumat, 28 November 2026 17.00')).toEqual({ code: 'weekday_mismatch', year: 2026, month: 11, day: 28, actual: 6, named: 5 });
  });

  it('reads in English for an English reader, with the Indonesian examples to type', () => {
    expect(renderDeadlineError(en, failure(''))).toBe(
      'The deadline is missing. Examples (in Indonesian): 2 jam (2 hours), besok 09.00 (tomorrow 09.00), Jumat 16.00 (Friday 16.00), 28/11 17.00, 28 November 2026 17.00.',
    );
    expect(renderDeadlineError(en, failure('kemarin'))).toMatch(/^Time format not recognised: “kemarin”\. Examples \(in Indonesian\): 2 jam/);
    expect(renderDeadlineError(en, failure('31/02'))).toMatch(/^Invalid date: “31\/02”\. Examples \(in Indonesian\)/);
    expect(renderDeadlineError(en, failure('besok 25.00'))).toBe('Invalid time: “25.00”. Please use a time from 00:00 to 23:59.');
    expect(renderDeadlineError(en, failure('Jumat, 28 November 2026 17.00'))).toBe('28 November 2026 is a Saturday, not a Friday.');
  });

  it('escapes what was typed: the answers are HTML', () => {
    expect(renderDeadlineError(en, failure('<b>besok</b>'))).toContain('“&lt;b&gt;besok&lt;/b&gt;”');
    expect(renderDeadlineError(id, failure('a & b'))).toContain('“a &amp; b”');
  });
});
