import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildBundle } from '../../src/cli/build';
import { findPersonByTelegramId } from '../../src/features/organisation/people.queries';
import { issueInstruction } from '../../src/features/issue/issue';
import { callText, childEnv, GOVERNOR, setupOrg, startHarness, until, type Harness } from '../support/harness';
import { logScan } from '../support/log-scan';

/**
 * `npm run build` (src/cli/build.ts): the bundle production's supervisors start, `node
 * dist/main.mjs`, is the same app. Built here into a directory of its own, run as a worker
 * process beside the test's bot, it starts (its default holiday list is found from the bundle,
 * through the rewritten import.meta.url), takes its jobs and delivers an instruction.
 */
describe('the built bundle', () => {
  const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  const dir = join(ROOT, 'dist', `test-${randomBytes(4).toString('hex')}`);
  let h: Harness | undefined;
  let child: ChildProcess | undefined;

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs as a worker process and delivers; files beside the sources are found from the bundle', { timeout: 60_000 }, async () => {
    const bundle = await buildBundle(join(dir, 'main.mjs'));
    const text = readFileSync(bundle, 'utf8');
    // chart.ts finds its fonts at ../../../assets/fonts from its own place, as under tsx.
    const chart = /new URL\("([^"]*src\/features\/recap\/chart\.ts)", import\.meta\.url\)/.exec(text);
    expect(chart).not.toBeNull();
    const chartUrl = new URL(chart![1]!, pathToFileURL(bundle));
    expect(existsSync(fileURLToPath(new URL('../../../assets/fonts', chartUrl)))).toBe(true);

    h = await startHarness({}, { bot: true, workers: false });
    const org = await setupOrg(h, 3);
    child = spawn(process.execPath, [bundle, '--role', 'worker'], { env: childEnv(h.config), stdio: ['ignore', 'pipe', 'inherit'] });
    logScan.watchStream('bundled worker', child.stdout!);
    const governor = (await findPersonByTelegramId(h.app.deps.db, GOVERNOR.id))!;
    const now = Date.now();
    const res = await issueInstruction(h.app.deps, governor, {
      text: 'Apel siaga.',
      target: { kind: 'all' },
      ackDeadline: now + 3_600_000,
      dueAt: now + 7_200_000,
      priority: 'segera',
    });
    if (!res.ok) throw new Error('issue failed');
    await until(() => org.every((o) => h!.tg.sent(o.group.id).some((c) => callText(c).includes(`ARAHAN ${res.number}`))), 30_000);
    expect(org.map((o) => h!.tg.sent(o.group.id).filter((c) => callText(c).includes(`ARAHAN ${res.number}`)).length)).toEqual([1, 1, 1]);
    expect(child.exitCode).toBeNull();
  });
});
