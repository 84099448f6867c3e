import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_OPDS, GOVERNOR, SECRETARIAT_GROUP } from '../../src/sandbox/seed';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox';
import { lastSeq, removeRedisKeys, waitForValue } from '../support/harness';
import { postSandbox, SANDBOX_TEST_ENV } from '../support/sandbox';

/**
 * Issue #17: two stories a trainee tries in `npm run sandbox`, through the sandbox's own HTTP
 * API (what the chat page calls): a member answers the instruction in the OPD group with a
 * reply (text, then a photo), and the surprise roll-call ("apel HP aktif") comes with "⏩".
 */
const ENV = SANDBOX_TEST_ENV;
const DINKES = DEMO_OPDS[0]!;
const HEAD_DINKES = 3001; // Budi Santoso
const STAFF_DINKES = 4001; // Putri Anggraini

type Keyboard = { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> };
type Sent = { result: { message_id: number; reply_markup: Keyboard } };

function useSandbox(env: Record<string, string>) {
  const box: { sandbox?: Sandbox; dir: string; prefix: string } = { dir: '', prefix: '' };
  beforeAll(async () => {
    box.dir = mkdtempSync(join(tmpdir(), 'arahan-sandbox-stories-'));
    box.prefix = `arahan-sandbox-test-${randomBytes(6).toString('hex')}`;
    box.sandbox = await startSandbox({ dir: box.dir, port: 0, redisPrefix: box.prefix, env });
  });
  afterAll(async () => {
    await box.sandbox?.stop();
    await removeRedisKeys(box.prefix);
    rmSync(box.dir, { recursive: true, force: true });
  });
  const post = (path: string, body: unknown) => postSandbox(box.sandbox!.url, path, body);
  return { box, post };
}

/** The governor issues an instruction to DINKES through the page's API; returns its number and its message in the group. */
async function issue(sandbox: Sandbox, post: (path: string, body: unknown) => Promise<unknown>, text: string) {
  const sim = sandbox.sim;
  const since = lastSeq(sim);
  await post('/sandbox/api/send', {
    as: GOVERNOR.id,
    chat: GOVERNOR.id,
    text: `/arahan\nKepada: ${DINKES.code}\nKonfirmasi: 1 jam\nSelesai: 2 hari\nSifat: penting\n\n${text}`,
  });
  const [preview] = await sim.waitFor(
    (c) => c.seq > since && c.method === 'sendMessage' && Number(c.payload.chat_id) === GOVERNOR.id && String(c.payload.text).includes('Pratinjau arahan'),
  );
  const { result } = preview!.response as Sent;
  const kirim = result.reply_markup.inline_keyboard.flat().find((b) => b.text === 'Kirim')!;
  await post('/sandbox/api/press', { as: GOVERNOR.id, chat: GOVERNOR.id, message: result.message_id, data: kirim.callback_data });
  const [sent] = await sim.waitFor(
    (c) => c.seq > since && c.ok && c.method === 'sendMessage' && Number(c.payload.chat_id) === DINKES.group.id && String(c.payload.text).includes(text),
  );
  const number = /ARH-\d{4}-\d{4}/.exec(String(sent!.payload.text))![0];
  const instruction = (sent!.response as Sent).result.message_id;
  // The instruction's record (its message id in the group) is written a moment after Telegram took it.
  await waitForValue(
    () => sandbox.app.deps.db.selectFrom('assignments').select('message_id').where('chat_id', '=', DINKES.group.id).where('message_id', '=', instruction).executeTakeFirst(),
    (row) => row !== undefined,
    'the instruction message recorded',
  );
  return { number, instruction };
}

describe('sandbox story: a member replies in the OPD group to the instruction message', () => {
  const { box, post } = useSandbox(ENV);

  it('a text reply and a photo reply are progress reports: the group is told, the governor receives them', async () => {
    const sandbox = box.sandbox!;
    const sim = sandbox.sim;
    const { number, instruction } = await issue(sandbox, post, 'Mohon laporan vaksinasi campak.');

    // A plain text reply, as a trainee types it under "Balas" on the page.
    const text = await post('/sandbox/api/send', { as: HEAD_DINKES, chat: DINKES.group.id, text: 'Vaksinasi sudah 80 persen.', reply: instruction });
    expect(text.status).toBe(200);
    const thanks = await sim.waitForMessage(DINKES.group.id, `Laporan progres dari Budi Santoso untuk arahan <b>${number}</b> telah dicatat`);
    expect((thanks.payload.reply_parameters as { message_id: number }).message_id).toBe(text.body.messageId);
    const forwarded = await sim.waitForMessage(GOVERNOR.id, new RegExp(`Laporan progres</b> — arahan <b>${number}</b>\\nDari: <b>${DINKES.code}</b>`));
    expect(String(forwarded.payload.text)).toContain('Vaksinasi sudah 80 persen.');

    // A photo with a caption, through the page's upload endpoint, in reply to the instruction.
    const bytes = Buffer.from('\x89PNG\r\n\x1a\nnot really a picture');
    const query = new URLSearchParams({
      as: String(STAFF_DINKES),
      chat: String(DINKES.group.id),
      kind: 'photo',
      name: 'posyandu.png',
      caption: 'Dokumentasi posyandu.',
      reply: String(instruction),
    });
    const res = await fetch(`${sandbox.url}/sandbox/api/upload?${query}`, { method: 'POST', headers: { 'content-type': 'image/png' }, body: bytes });
    expect(res.status).toBe(200);
    const upload = (await res.json()) as { messageId: number };
    const thanksPhoto = await sim.waitForMessage(DINKES.group.id, `Laporan progres dari Putri Anggraini untuk arahan <b>${number}</b> telah dicatat`);
    expect((thanksPhoto.payload.reply_parameters as { message_id: number }).message_id).toBe(upload.messageId);
    const withPhoto = await sim.waitForMessage(GOVERNOR.id, 'Dokumentasi posyandu.');
    expect(String(withPhoto.payload.text)).toMatch(new RegExp(`Laporan progres</b> — arahan <b>${number}</b>`));
    // The governor gets the photo itself, and the page can show its real bytes.
    const [copy] = await sim.waitFor((c) => c.method === 'sendPhoto' && Number(c.payload.chat_id) === GOVERNOR.id);
    const fileId = String(copy!.payload.photo);
    expect(sim.fileContent(fileId)?.bytes.equals(bytes)).toBe(true);
  });

  it('after a restart on the same data, a reply to a new instruction reports on that one, not on an older one', async () => {
    // The simulator starts empty each time while the database keeps the old instructions' message ids.
    await box.sandbox!.stop();
    box.sandbox = await startSandbox({ dir: box.dir, port: 0, redisPrefix: box.prefix, env: ENV });
    const sandbox = box.sandbox;
    const sim = sandbox.sim;
    // The page from before the restart may still offer "↩ Balas" on a message the simulator no longer has.
    const stale = new URLSearchParams({ as: String(STAFF_DINKES), chat: String(DINKES.group.id), kind: 'document', name: 'a.pdf', reply: '999999' });
    const refused = await fetch(`${sandbox.url}/sandbox/api/upload?${stale}`, { method: 'POST', headers: { 'content-type': 'application/pdf' }, body: Buffer.from('%PDF-1.4') });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({ error: 'Pesan yang dibalas tidak ditemukan.' });
    const { number, instruction } = await issue(sandbox, post, 'Mohon data gizi balita.');
    const text = await post('/sandbox/api/send', { as: HEAD_DINKES, chat: DINKES.group.id, text: 'Data gizi balita menyusul sore ini.', reply: instruction });
    expect(text.status).toBe(200);
    const thanks = await sim.waitForMessage(DINKES.group.id, 'Laporan progres dari Budi Santoso');
    expect(String(thanks.payload.text)).toContain(`untuk arahan <b>${number}</b>`);
    const forwarded = await sim.waitForMessage(GOVERNOR.id, 'Data gizi balita menyusul sore ini.');
    expect(String(forwarded.payload.text)).toContain(`arahan <b>${number}</b>`);
  });
});

describe('sandbox story: the surprise roll-call comes with the time jump', () => {
  // Every day, all day: the planned moment is at most a day away, which only "⏩" brings within a test.
  const { box, post } = useSandbox({ ...ENV, APEL_WINDOW: 'Mon-Sun 00:00-23:59' });

  it('"⏩" lands on the planned roll-call, which calls every OPD and posts the tally in the secretariat group', async () => {
    const sandbox = box.sandbox!;
    const sim = sandbox.sim;
    const planned = await sandbox.timers.nextDue();
    expect(planned, 'the surprise roll-call planned at start').not.toBeNull();
    const { body } = await post('/sandbox/api/clock/jump', {});
    expect(body.jumpedTo).toBe(planned);
    // Every head is called in their private chat, named as the schedule's roll-call.
    for (const [i, opd] of DEMO_OPDS.entries()) {
      const call = await sim.waitForMessage(3001 + i, 'Apel — HP aktif 24 jam');
      expect(String(call.payload.text), opd.code).toContain('Jadwal apel mendadak');
    }
    await sim.waitForMessage(SECRETARIAT_GROUP.id, 'Apel HP aktif</b> — ');
    // …and the next one is planned on a later day, for the next press.
    await waitForValue(
      () => sandbox.timers.nextDue(),
      (due) => due !== null && due > planned!,
      'the roll-call steps and the next surprise roll-call planned',
    );
  });
});
