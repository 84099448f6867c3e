import { describe, expect, it } from 'vitest';
import { groupButtons } from '../../src/features/instruction/instruction.callbacks';
import { draftButtons } from '../../src/features/issue/issue.callbacks';
import { reportButtons } from '../../src/features/report/report.callbacks';
import { pageButton } from '../../src/infra/telegram/paging';
import { callbackKind } from '../../src/infra/telegram/callback-data';

describe('callback data, packed and parsed in one place', () => {
  it('keeps the formats that buttons already sent carry (a message sent before an upgrade still works)', () => {
    expect(groupButtons.ack.pack({ assignment: 42 })).toBe('ack:42');
    expect(groupButtons.report.pack({ assignment: 42 })).toBe('rep:42');
    expect(draftButtons.toggle.pack({ opd: 7, page: 2 })).toBe('dr:o:7:2');
    expect(draftButtons.all.pack({})).toBe('dr:all');
    expect(reportButtons.send.pack({ kind: 'done' })).toBe('rp:done');
    expect(reportButtons.cancel.pack({})).toBe('rp:cancel');
  });

  it('unpacks what it packed, typed', () => {
    const toggle = draftButtons.toggle.unpack(draftButtons.toggle.pack({ opd: 123, page: 4 }));
    expect(toggle).toEqual({ opd: 123, page: 4 });
    expect(reportButtons.send.unpack('rp:prog')).toEqual({ kind: 'prog' });
  });

  it('another kind, a near miss, or tampered data does not match', () => {
    expect(groupButtons.ack.unpack('rep:42')).toBeNull();
    expect(groupButtons.ack.unpack('ack:42:1')).toBeNull();
    expect(groupButtons.ack.unpack('ack:-1')).toBeNull();
    // Outside any id a database can hold (a 500 on PostgreSQL's bigint before): not ours.
    expect(groupButtons.ack.filter.test('ack:99999999999999999999')).toBe(false);
    expect(reportButtons.send.unpack('rp:cancel')).toBeNull();
    expect(reportButtons.cancel.unpack('rp:done')).toBeNull();
  });

  it("a free-text last field is cut to Telegram's 64 bytes at a character boundary", () => {
    const data = pageButton.pack({ screen: 'c', page: 3, arg: 'laporan banjir '.repeat(5) + 'é'.repeat(20) });
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
    expect(data.startsWith('pg:c:3:laporan banjir')).toBe(true);
    expect(pageButton.unpack(data)?.page).toBe(3);
    const multibyte = pageButton.pack({ screen: 'r', page: 0, arg: 'é'.repeat(40) });
    expect(Buffer.byteLength(multibyte)).toBeLessThanOrEqual(64);
    expect(multibyte).not.toContain('\uFFFD');
  });

  it('refuses to pack fixed fields over 64 bytes rather than send a button Telegram rejects', () => {
    const long = callbackKind('x', { a: 'word' });
    expect(() => long.pack({ a: 'w'.repeat(70) })).toThrow(/64 bytes/);
  });
});
