import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendDraft, startDraft } from '../../src/features/issue/draft-flow';
import { findPersonByTelegramId } from '../../src/features/organisation/people.queries';
import { callText, GOVERNOR, lastSeq, type OrgMember, setupOrg, startHarness, type Harness, waitForValue } from '../support/harness';

/**
 * Issue #13, finding 4: Kirim pressed twice, the presses reaching two webhook processes
 * 15–400 ms apart, issued the instruction twice (two numbers, two messages in every group):
 * reading the draft, issuing and consuming it were three steps. The draft is now consumed in
 * the transaction that issues. The two presses are run side by side through the use case
 * (one process's per-chat ordering would otherwise put them one after the other).
 */
describe('Kirim pressed twice at once', () => {
  let h: Harness;
  let org: OrgMember[];

  beforeAll(async () => {
    h = await startHarness();
    org = await setupOrg(h, 3);
  });
  afterAll(async () => {
    await h.close();
  });

  it('issues one instruction; the other press is told the preview is no longer valid', async () => {
    const deps = h.app.deps;
    const governor = (await findPersonByTelegramId(deps.db, GOVERNOR.id))!;
    const preview = await startDraft(deps, governor, 'Kepada: semua\nKonfirmasi: 2 jam\nSelesai: 3 hari\nSifat: segera\n\nMohon laporkan kesiapan posko banjir.');
    if (preview.show !== 'preview') throw new Error(`no preview: ${JSON.stringify(preview)}`);
    const since = lastSeq(h.tg);
    const results = await Promise.all([sendDraft(deps, governor, preview.preview.rev), sendDraft(deps, governor, preview.preview.rev)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && 'expired' in r)).toHaveLength(1);
    const instructions = await deps.db.selectFrom('instructions').select('number').execute();
    expect(instructions).toHaveLength(1);
    // Each group gets the one instruction once.
    await waitForValue(
      () => org.map((o) => h.tg.sent(o.group.id).filter((c) => c.seq > since && callText(c).includes('ARAHAN ')).length),
      (n) => n.every((x) => x === 1),
      'one instruction message in every group',
    );
  });
});
