import SQLite from 'better-sqlite3';

/**
 * Another process holding a SQLite file's write lock, as the admin CLI does while it imports
 * (test/e2e/sqlite-lock.test.ts). Its own better-sqlite3 connection; commands over IPC:
 *   (start, argv[2] = the file)        ← { locked: true }        BEGIN IMMEDIATE taken
 *   → { cmd: 'probe', url }            ← { probe: { status, body } | { error } }   GET while holding it
 *   → { cmd: 'release' }               ← { released: true }      COMMIT
 */
type Command = { cmd: 'probe'; url: string } | { cmd: 'release' };

const send = (msg: unknown) => process.send!(msg);
const db = new SQLite(process.argv[2]!, { fileMustExist: true, timeout: 5000 });
db.exec('begin immediate');
// A row written under the lock, as an import's batch does.
db.prepare('insert into settings (key, value, updated_at) values (?, ?, ?) on conflict (key) do update set value = excluded.value').run(
  'lock-holder',
  String(process.pid),
  Date.now(),
);
send({ locked: true });

process.on('message', (msg: Command) => {
  void (async () => {
    if (msg.cmd === 'probe') {
      try {
        const res = await fetch(msg.url);
        send({ probe: { status: res.status, body: await res.json() } });
      } catch (err) {
        send({ probe: { error: String(err) } });
      }
    } else {
      db.exec('commit');
      db.close();
      send({ released: true });
    }
  })();
});
// The test died: let go of the file.
process.on('disconnect', () => process.exit(0));
