import { describe, expect, it } from 'vitest';
import { inviteFit, inviteNeedsApproval } from '../../src/domain/invitation';
import type { Role } from '../../src/domain/types';
import { splitTargetAndReason } from '../../src/features/organisation/people-lifecycle';

const OPD = 7;
const who = (role: Role, opd_id: number | null = OPD, active = 1) => ({ role, opd_id, active });

describe('what opening an invitation link may do (issue #13, finding 7)', () => {
  it('registers someone new, or promotes a staf member to kepala', () => {
    expect(inviteFit(null, { role: 'staf', opd_id: OPD })).toBe('join');
    expect(inviteFit(undefined, { role: 'kepala', opd_id: OPD })).toBe('join');
    expect(inviteFit(who('staf'), { role: 'kepala', opd_id: OPD })).toBe('join');
    expect(inviteFit(who('staf', 3), { role: 'kepala', opd_id: OPD })).toBe('join');
  });

  it('never demotes or moves a member: a kepala opening a staf link, anyone opening another OPD’s link of the same role', () => {
    expect(inviteFit(who('kepala'), { role: 'staf', opd_id: OPD })).toBe('already_member');
    expect(inviteFit(who('kepala', 3), { role: 'staf', opd_id: OPD })).toBe('already_member');
    expect(inviteFit(who('kepala', 3), { role: 'kepala', opd_id: OPD })).toBe('already_member');
    expect(inviteFit(who('staf', 3), { role: 'staf', opd_id: OPD })).toBe('already_member');
  });

  it('changes nothing for the same role in the same OPD; keeps higher roles; refuses the deactivated first', () => {
    expect(inviteFit(who('kepala'), { role: 'kepala', opd_id: OPD })).toBe('same');
    expect(inviteFit(who('staf'), { role: 'staf', opd_id: OPD })).toBe('same');
    for (const role of ['admin', 'pimpinan', 'sekretariat'] as const) expect(inviteFit(who(role, null), { role: 'kepala', opd_id: OPD })).toBe('higher_role');
    expect(inviteFit(who('kepala', OPD, 0), { role: 'kepala', opd_id: OPD })).toBe('inactive');
    expect(inviteFit(who('admin', null, 0), { role: 'staf', opd_id: OPD })).toBe('inactive');
  });

  it('INVITE_APPROVAL=kepala holds kepala links only; none holds nothing', () => {
    expect(inviteNeedsApproval('kepala', 'kepala')).toBe(true);
    expect(inviteNeedsApproval('staf', 'kepala')).toBe(false);
    expect(inviteNeedsApproval('kepala', 'none')).toBe(false);
  });
});

describe('/nonaktif arguments: who, then an optional reason', () => {
  it.each([
    ['123456789', { ref: '123456789', reason: null }],
    ['123456789 pindah tugas', { ref: '123456789', reason: 'pindah tugas' }],
    ['@budi_s  cuti', { ref: '@budi_s', reason: 'cuti' }],
    ['Budi Santoso', { ref: 'Budi Santoso', reason: null }],
    ['Budi Santoso | pindah tugas', { ref: 'Budi Santoso', reason: 'pindah tugas' }],
    ['123 | ', { ref: '123', reason: null }],
    ['  ', { ref: '', reason: null }],
  ])('%j', (text, expected) => {
    expect(splitTargetAndReason(text)).toEqual(expected);
  });
});
