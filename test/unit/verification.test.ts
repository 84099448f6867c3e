import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/infra/config';
import { displayCode, encodeCode, findVerification, normalizeCode } from '../../src/domain/verification';
import { codeMatches, verificationCode } from '../../src/features/instruction/verification';

const TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw-_x';
const SECRET = 'rahasia-verifikasi-uji-0123456789';
const ins = { id: 7, number: 'ARH-2026-0007', created_at: 1_780_000_000_000 };

describe('verification codes (issue #16)', () => {
  it('are 8 characters of Crockford base32, shown as XXXX-XXXX', () => {
    const code = verificationCode(SECRET, ins);
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(encodeCode(new Uint8Array([0, 0, 0, 0, 0]))).toBe('00000000');
    expect(encodeCode(new Uint8Array([255, 255, 255, 255, 255]))).toBe('ZZZZZZZZ');
    expect(displayCode('K7QM4XPA')).toBe('K7QM-4XPA');
  });

  it('are stable, and change with the secret, the id, the number and the issue time', () => {
    const code = verificationCode(SECRET, ins);
    expect(verificationCode(SECRET, { ...ins })).toBe(code);
    const others = [
      verificationCode(`${SECRET}x`, ins),
      verificationCode(SECRET, { ...ins, id: 8 }),
      verificationCode(SECRET, { ...ins, number: 'ARH-2026-0008' }),
      verificationCode(SECRET, { ...ins, created_at: ins.created_at + 1 }),
    ];
    for (const o of others) expect(o).not.toBe(code);
  });

  it('match as typed: any case, with or without the dash, O for 0 and I/L for 1', () => {
    const code = verificationCode(SECRET, ins);
    expect(codeMatches(SECRET, ins, code)).toBe(true);
    expect(codeMatches(SECRET, ins, code.toLowerCase().replace('-', ''))).toBe(true);
    expect(codeMatches(SECRET, ins, code.replace(/0/g, 'O').replace(/1/g, 'I'))).toBe(true);
    expect(codeMatches(SECRET, ins, 'AAAA-AAAA')).toBe(code === 'AAAA-AAAA');
    expect(codeMatches(SECRET, ins, 'nonsense')).toBe(false);
    expect(normalizeCode('K7QM-4XPU')).toBeNull(); // U is not in the alphabet
    expect(normalizeCode('K7QM-4XP')).toBeNull();
  });

  it('are found in a forwarded or pasted instruction message, never taken from the number', () => {
    const text =
      '📌 ARAHAN ARH-2026-0007 — Sifat: Segera\nDari: Herman\n\nIsi.\n🔐 Kode verifikasi: K7QM-4XPA (periksa keaslian: /cek ARH-2026-0007 K7QM-4XPA di chat pribadi dengan bot)';
    expect(findVerification(text)).toEqual({ number: 'ARH-2026-0007', code: 'K7QM4XPA' });
    expect(findVerification('arh-2026-7 k7qm-4xpa')).toEqual({ number: 'ARH-2026-0007', code: 'K7QM4XPA' });
    expect(findVerification('Arahan ARH-2026-0007 tanggal 2026-11-28')).toEqual({ number: 'ARH-2026-0007', code: null });
    expect(findVerification('tanpa nomor')).toEqual({ number: null, code: null });
    // A letter being drafted that mentions a number is not taken for a check.
    expect(findVerification('Menindaklanjuti arahan ARH-2026-0007, mohon jalur JAWA-BALI dan kode anggaran 5211 dipantau.').code).toBeNull();
    expect(findVerification('Cek ARH-2026-0007 kode K7QM-4XPA mohon').code).toBe('K7QM4XPA');
  });
});

describe('VERIFY_SECRET', () => {
  it('is required in production, with one line naming it', () => {
    let err: unknown;
    try {
      parseConfig({ BOT_TOKEN: TOKEN, NODE_ENV: 'production' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(/^Invalid configuration: VERIFY_SECRET: required when NODE_ENV=production/);
    expect(parseConfig({ BOT_TOKEN: TOKEN, NODE_ENV: 'production', VERIFY_SECRET: SECRET }).verifySecret).toBe(SECRET);
  });

  it('is derived from the bot token elsewhere: stable, not the token itself, different per token', () => {
    const a = parseConfig({ BOT_TOKEN: TOKEN }).verifySecret;
    expect(parseConfig({ BOT_TOKEN: TOKEN }).verifySecret).toBe(a);
    expect(a).not.toContain(TOKEN.split(':')[1]);
    expect(parseConfig({ BOT_TOKEN: '42:other-token' }).verifySecret).not.toBe(a);
  });

  it('refuses a short secret', () => {
    expect(() => parseConfig({ BOT_TOKEN: TOKEN, VERIFY_SECRET: 'pendek' })).toThrow(/VERIFY_SECRET: expected at least 16 characters/);
  });
});
