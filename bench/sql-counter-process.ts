/**
 * A PostgreSQL wire-protocol relay that counts the statements passing through it, per database.
 * The services in separate processes connect to it instead of the server, so the bench counts
 * their SQL without any hook in their code. Runs in a process of its own (forked by
 * sql-counter.ts) to keep the load generator's event loop free; answers `reset` and `snapshot`
 * messages over IPC.
 */
import net from 'node:net';

const upstream = new URL(process.env.SQL_COUNTER_UPSTREAM ?? 'postgres://127.0.0.1:5432');
const counts = new Map<string, number>();

const SSL_REQUEST = 80877103;
const GSS_REQUEST = 80877104;

/** The database a startup message names (key\0value\0 pairs after the protocol version). */
function databaseOf(startup: Buffer): string {
  const parts = startup.subarray(8).toString('utf8').split('\0');
  let user = '';
  for (let i = 0; i + 1 < parts.length; i += 2) {
    if (parts[i] === 'database') return parts[i + 1] ?? '';
    if (parts[i] === 'user') user = parts[i + 1] ?? '';
  }
  return user;
}

function relay(client: net.Socket): void {
  const server = net.connect(Number(upstream.port || 5432), upstream.hostname);
  // A relay forwards each chunk as it comes: with Nagle's algorithm a small write waits for the
  // ACK of the previous one, which the peer delays up to 40 ms, stalling every query's round trip.
  client.setNoDelay(true);
  server.setNoDelay(true);
  let pending: Buffer = Buffer.alloc(0);
  let started = false;
  let database = '';
  client.on('data', (chunk: Buffer) => {
    server.write(chunk);
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    for (;;) {
      if (!started) {
        if (pending.length < 8) return;
        const length = pending.readInt32BE(0);
        if (pending.length < length) return;
        const code = pending.readInt32BE(4);
        if (code !== SSL_REQUEST && code !== GSS_REQUEST) {
          started = true;
          database = databaseOf(pending.subarray(0, length));
        }
        pending = pending.subarray(length);
        continue;
      }
      if (pending.length < 5) return;
      const length = pending.readInt32BE(1) + 1;
      if (pending.length < length) return;
      const type = String.fromCharCode(pending[0] ?? 0);
      // 'Q' is a simple query, 'E' runs a prepared (extended protocol) statement.
      if (type === 'Q' || type === 'E') counts.set(database, (counts.get(database) ?? 0) + 1);
      pending = pending.subarray(length);
    }
  });
  server.pipe(client);
  const close = () => {
    client.destroy();
    server.destroy();
  };
  client.on('error', close);
  server.on('error', close);
  client.on('close', close);
  server.on('close', close);
}

const listener = net.createServer(relay);
listener.listen(0, '127.0.0.1', () => {
  const address = listener.address() as net.AddressInfo;
  process.send?.({ type: 'listening', port: address.port });
});

process.on('message', (message: { type: string }) => {
  if (message.type === 'reset') {
    counts.clear();
    process.send?.({ type: 'reset' });
  } else if (message.type === 'snapshot') {
    process.send?.({ type: 'snapshot', counts: Object.fromEntries(counts) });
  }
});
process.on('disconnect', () => process.exit(0));
