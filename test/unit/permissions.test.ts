import { describe, it, expect } from 'vitest';
import type { Role } from '../../src/infra/db/schema';
import {
  mayDecide,
  ackDenial,
  can,
  COMMAND_RULES,
  groupMenu,
  isRole,
  OPD_ROLES,
  privateMenu,
  ROLES,
  roleNeedsOpd,
  rolesFor,
  type Action,
  type Actor,
} from '../../src/domain/permissions';

const ALL_ROLES: Role[] = ['admin', 'pimpinan', 'sekretariat', 'kepala', 'staf'];

function actor(role: Role, opd_id: number | null = null, active = 1): Actor {
  return { role, opd_id, active };
}

/** Expected permission table, written out independently of the source. */
const EXPECTED: Record<Action, Role[]> = {
  issue: ['pimpinan', 'sekretariat'],
  query: ['pimpinan', 'sekretariat', 'admin'],
  manage_instruction: ['pimpinan', 'sekretariat'],
  admin: ['admin'],
};

describe('can', () => {
  for (const action of Object.keys(EXPECTED) as Action[]) {
    describe(`action "${action}"`, () => {
      for (const role of ALL_ROLES) {
        const allowed = EXPECTED[action].includes(role);
        it(`${allowed ? 'allows' : 'refuses'} an active ${role}`, () => {
          const opd = roleNeedsOpd(role) ? 7 : null;
          expect(can(actor(role, opd), action)).toBe(allowed);
        });
        it(`refuses an inactive ${role}`, () => {
          const opd = roleNeedsOpd(role) ? 7 : null;
          expect(can(actor(role, opd, 0), action)).toBe(false);
        });
      }
    });
  }

  it('lets pimpinan and sekretariat issue instructions, but not admin, kepala or staf', () => {
    expect(can(actor('pimpinan'), 'issue')).toBe(true);
    expect(can(actor('sekretariat'), 'issue')).toBe(true);
    expect(can(actor('admin'), 'issue')).toBe(false);
    expect(can(actor('kepala', 3), 'issue')).toBe(false);
    expect(can(actor('staf', 3), 'issue')).toBe(false);
  });

  it('lets pimpinan, sekretariat and admin query, but not kepala or staf', () => {
    expect(can(actor('pimpinan'), 'query')).toBe(true);
    expect(can(actor('sekretariat'), 'query')).toBe(true);
    expect(can(actor('admin'), 'query')).toBe(true);
    expect(can(actor('kepala', 3), 'query')).toBe(false);
    expect(can(actor('staf', 3), 'query')).toBe(false);
  });

  it('reserves administration to admin', () => {
    expect(can(actor('admin'), 'admin')).toBe(true);
    expect(can(actor('pimpinan'), 'admin')).toBe(false);
    expect(can(actor('sekretariat'), 'admin')).toBe(false);
  });

  it('refuses unregistered people (null / undefined) everything', () => {
    for (const action of Object.keys(EXPECTED) as Action[]) {
      expect(can(null, action)).toBe(false);
      expect(can(undefined, action)).toBe(false);
    }
  });

  it('treats only active === 1 as active', () => {
    expect(can(actor('admin', null, 1), 'admin')).toBe(true);
    expect(can(actor('admin', null, 0), 'admin')).toBe(false);
    expect(can(actor('admin', null, 2), 'admin')).toBe(false);
  });
});

describe('rolesFor', () => {
  it('lists exactly the roles allowed for each action', () => {
    for (const action of Object.keys(EXPECTED) as Action[]) {
      expect([...rolesFor(action)].sort()).toEqual([...EXPECTED[action]].sort());
    }
  });
});

describe('ackDenial', () => {
  const OPD = 12;

  it('says not_registered for an unknown person', () => {
    expect(ackDenial(null, OPD)).toBe('not_registered');
    expect(ackDenial(undefined, OPD)).toBe('not_registered');
  });

  it('says inactive for a deactivated member of the right OPD', () => {
    expect(ackDenial(actor('kepala', OPD, 0), OPD)).toBe('inactive');
    expect(ackDenial(actor('staf', OPD, 0), OPD)).toBe('inactive');
  });

  it('says inactive before checking membership', () => {
    expect(ackDenial(actor('staf', 99, 0), OPD)).toBe('inactive');
  });

  it('says not_member for kepala or staf of another OPD', () => {
    expect(ackDenial(actor('kepala', 13), OPD)).toBe('not_member');
    expect(ackDenial(actor('staf', 13), OPD)).toBe('not_member');
  });

  it('says not_member for an OPD role without an OPD', () => {
    expect(ackDenial(actor('staf', null), OPD)).toBe('not_member');
  });

  it('says not_member for pimpinan, sekretariat and admin, who are not OPD members', () => {
    expect(ackDenial(actor('pimpinan'), OPD)).toBe('not_member');
    expect(ackDenial(actor('sekretariat'), OPD)).toBe('not_member');
    expect(ackDenial(actor('admin'), OPD)).toBe('not_member');
  });

  it('says not_member for pimpinan even if an opd_id is (wrongly) recorded', () => {
    expect(ackDenial(actor('pimpinan', OPD), OPD)).toBe('not_member');
  });

  it('allows an active kepala or staf of the assignment’s OPD', () => {
    expect(ackDenial(actor('kepala', OPD), OPD)).toBeNull();
    expect(ackDenial(actor('staf', OPD), OPD)).toBeNull();
  });
});

describe('isRole', () => {
  it('accepts the five role names', () => {
    for (const r of ['admin', 'pimpinan', 'sekretariat', 'kepala', 'staf']) expect(isRole(r)).toBe(true);
  });

  it('rejects anything else, including different case and padding', () => {
    for (const r of ['', 'Admin', 'ADMIN', ' staf', 'staff', 'pimpinan ', 'kepala_dinas', 'operator']) {
      expect(isRole(r)).toBe(false);
    }
  });

  it('matches ROLES exactly', () => {
    expect([...ROLES].sort()).toEqual([...ALL_ROLES].sort());
  });
});

describe('roleNeedsOpd', () => {
  it('is true for kepala and staf only', () => {
    expect(roleNeedsOpd('kepala')).toBe(true);
    expect(roleNeedsOpd('staf')).toBe(true);
    expect(roleNeedsOpd('admin')).toBe(false);
    expect(roleNeedsOpd('pimpinan')).toBe(false);
    expect(roleNeedsOpd('sekretariat')).toBe(false);
  });

  it('agrees with OPD_ROLES', () => {
    expect([...OPD_ROLES].sort()).toEqual(['kepala', 'staf']);
  });
});

describe('mayDecide', () => {
  const person = (id: number, role: Role, active = 1) => ({ id, role, opd_id: null, active });
  it('the issuer or any active secretariat member, nobody else', () => {
    expect(mayDecide(person(7, 'pimpinan'), 7)).toBe(true);
    expect(mayDecide(person(8, 'sekretariat'), 7)).toBe(true);
    expect(mayDecide(person(9, 'pimpinan'), 7)).toBe(false);
    expect(mayDecide(person(10, 'admin'), 7)).toBe(false);
    expect(mayDecide(person(8, 'sekretariat', 0), 7)).toBe(false);
    expect(mayDecide(person(7, 'pimpinan', 0), 7)).toBe(false);
    expect(mayDecide(null, 7)).toBe(false);
  });
});

describe('menus and /bantuan, from the one declaration', () => {
  // Written out independently of COMMAND_RULES: what each person should see.
  const QUERIES = ['belum', 'status', 'terlambat', 'rekap', 'cari', 'ekspor', 'grafik', 'laporan', 'pengingat', 'opd'];
  it('a guest sees how to start and get help; a staff member what staff do in private', () => {
    expect(privateMenu('guest')).toEqual(['start', 'bantuan']);
    expect(privateMenu('staf')).toEqual(['minta_perpanjangan', 'kendala', 'cek', 'bahasa', 'bantuan']);
    expect(privateMenu('kepala')).toEqual(['tugaskan', 'minta_perpanjangan', 'kendala', 'cek', 'bahasa', 'bantuan']);
  });
  it('leaders see issuing, every read and deciding; admins the set-up and every read, never issuing', () => {
    for (const role of ['pimpinan', 'sekretariat'] as const) {
      const menu = privateMenu(role);
      for (const c of ['arahan', 'batal_draf', 'tutup', 'batal', 'perpanjang', 'kirim_ulang', 'senyap', ...QUERIES]) expect(menu, `${role}: ${c}`).toContain(c);
      for (const c of ['undang', 'peran', 'plt', 'daftar', 'start']) expect(menu, `${role}: ${c}`).not.toContain(c);
    }
    const admin = privateMenu('admin');
    for (const c of ['undang', 'peran', 'plt', 'senyap', ...QUERIES]) expect(admin, c).toContain(c);
    for (const c of ['arahan', 'tutup', 'daftar']) expect(admin, c).not.toContain(c);
  });
  it('groups show what members do there, and /daftar', () => {
    expect(groupMenu().sort()).toEqual(['bantuan', 'daftar', 'kendala', 'minta_perpanjangan', 'tugaskan']);
  });
  it('every declared command has a description in both catalogues', async () => {
    const { messagesFor } = await import('../../src/infra/i18n');
    for (const lang of ['id', 'en'] as const) for (const c of Object.keys(COMMAND_RULES)) expect(messagesFor(lang).commands[c], `${lang}: ${c}`).toBeTruthy();
  });
});
