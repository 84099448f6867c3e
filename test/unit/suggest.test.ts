import { describe, expect, it } from 'vitest';
import { privateMenu } from '../../src/domain/permissions';
import { closestCommand, editDistance } from '../../src/domain/suggest';

describe('the closest command to a typo (src/domain/suggest.ts)', () => {
  it('counts insertions, deletions, substitutions and swapped neighbours', () => {
    expect(editDistance('blum', 'belum')).toBe(1);
    expect(editDistance('arahn', 'arahan')).toBe(1);
    expect(editDistance('rekpa', 'rekap')).toBe(1);
    expect(editDistance('stat', 'status')).toBe(2);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it.each([
    ['blum', 'sekretariat', 'belum'],
    ['Belum', 'sekretariat', 'belum'],
    ['arahn', 'pimpinan', 'arahan'],
    ['stat', 'sekretariat', 'status'],
    ['ekspr', 'sekretariat', 'ekspor'],
    ['strat', 'guest', 'start'],
    ['bantun', 'kepala', 'bantuan'],
  ] as const)('/%s for %s → /%s', (typed, role, meant) => {
    expect(closestCommand(typed, privateMenu(role))).toBe(meant);
  });

  it('nothing when nothing is close, or the close one is not the caller’s', () => {
    expect(closestCommand('xyzzyqq', privateMenu('sekretariat'))).toBeNull();
    expect(closestCommand('blum', privateMenu('kepala'))).toBeNull();
    expect(closestCommand('', privateMenu('admin'))).toBeNull();
  });
});
