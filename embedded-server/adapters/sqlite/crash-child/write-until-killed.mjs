// Child process of sqlite-crash.test.ts. Writes through the real SQLite adapter and reports each
// write on stdout only after its promise resolved — the moment a client would be told "stored".
// It never closes the database: the parent kills it with SIGKILL mid-stream.
import { openSqliteStorage } from '../sqlite-storage.js';

const [path] = process.argv.slice(2);
const storage = openSqliteStorage({ path });

await storage.rosters.setItem('alice@localhost', {
  jid: 'bob@localhost',
  name: 'Bob',
  subscription: 'both',
  askOut: false,
  pendingIn: false,
  approved: false,
  groups: ['Friends'],
});
await storage.offline.store({ to: 'alice@localhost', from: 'bob@localhost', stanza: '<message><body>0</body></message>', storedAt: Date.now() });
// Pipes are written synchronously on POSIX, so the parent never sees "written" before the write returned.
process.stdout.write('written\n');

for (let n = 1; ; n++) {
  await storage.offline.store({ to: 'alice@localhost', from: 'bob@localhost', stanza: `<message><body>${n}</body></message>`, storedAt: Date.now() });
  process.stdout.write(`acked ${n}\n`);
}
