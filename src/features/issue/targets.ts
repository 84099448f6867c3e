import { findOpdsByCluster, findOpdsByCodes, listClusters, listOpds } from '../organisation/opds.queries';
import type { Db } from '../../infra/db/database';
import type { Opd } from '../../infra/db/schema';
import type { TargetSpec } from '../../domain/instruction-form';

export type DraftTarget = TargetSpec | { kind: 'ids'; ids: number[] };

export type TargetResolution =
  | { ok: true; opds: Opd[]; label: string }
  | { ok: false; error: 'unknown_codes'; codes: string[] }
  | { ok: false; error: 'unknown_cluster'; name: string; known: string[] }
  | { ok: false; error: 'empty' };

/** Turns "semua" / "klaster X" / codes / picked ids into the OPDs they name. */
export async function resolveTargets(db: Db, target: DraftTarget): Promise<TargetResolution> {
  switch (target.kind) {
    case 'all': {
      const opds = await listOpds(db);
      return opds.length ? { ok: true, opds, label: 'Semua OPD' } : { ok: false, error: 'empty' };
    }
    case 'cluster': {
      const opds = await findOpdsByCluster(db, target.name);
      if (opds.length === 0) return { ok: false, error: 'unknown_cluster', name: target.name, known: await listClusters(db) };
      return { ok: true, opds, label: `Klaster ${opds[0]!.cluster}` };
    }
    case 'codes': {
      const opds = await findOpdsByCodes(db, target.codes);
      const found = new Set(opds.map((o) => o.code));
      const missing = target.codes.filter((c) => !found.has(c));
      if (missing.length) return { ok: false, error: 'unknown_codes', codes: missing };
      return { ok: true, opds, label: opds.map((o) => o.code).join(', ') };
    }
    case 'ids': {
      const all = await listOpds(db);
      const wanted = new Set(target.ids);
      const opds = all.filter((o) => wanted.has(o.id));
      return opds.length ? { ok: true, opds, label: opds.map((o) => o.code).join(', ') } : { ok: false, error: 'empty' };
    }
  }
}
