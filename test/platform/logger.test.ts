import { Writable } from 'node:stream';
import { createHttpService, createLogger, requestIdOf, type LogFields } from '@marquee/platform';

/** A destination that keeps each JSON line pino writes. */
function collector() {
  const lines: LogFields[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as LogFields);
      done();
    },
  });
  return { lines, stream };
}

describe('logger', () => {
  it('writes JSON lines with level, time, base fields and the message', () => {
    const { lines, stream } = collector();
    const logger = createLogger('info', { service: 'catalog' }, { format: 'json', destination: stream });
    logger.debug('hidden below the level');
    logger.info('product created', { productId: 'p1' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'info', service: 'catalog', msg: 'product created', productId: 'p1' });
    expect(new Date(String(lines[0]?.time)).toISOString()).toBe(lines[0]?.time);
  });

  it('redacts secrets and SQL parameters wherever they sit, and keeps errors readable', () => {
    const { lines, stream } = collector();
    const logger = createLogger('debug', {}, { format: 'json', destination: stream });
    logger.warn('login failed', {
      authorization: 'Bearer eyJ.secret',
      input: { email: 'a@b.c', password: 'hunter2' },
      request: { headers: { cookie: 'session=1', authorization: 'Bearer x' } },
      refreshToken: 'r',
      sql: { text: 'select 1 where id = $1', params: ['1f1'] },
      error: new Error('boom'),
    });
    const line = lines[0] ?? {};
    const text = JSON.stringify(line);
    for (const secret of ['eyJ.secret', 'hunter2', 'session=1', 'Bearer x', '"r"', '1f1']) expect(text).not.toContain(secret);
    expect(line).toMatchObject({ input: { email: 'a@b.c', password: '[redacted]' }, sql: { text: 'select 1 where id = $1' } });
    expect(line.error).toMatchObject({ name: 'Error', message: 'boom' });
  });

  it('puts the request id on every line written while serving a request, also from child loggers', async () => {
    const { lines, stream } = collector();
    const logger = createLogger('info', { service: 'test' }, { format: 'json', destination: stream });
    const service = createHttpService({
      name: 'test',
      logger,
      readiness: async () => ({}),
      routes: {
        '/work': async (req, res) => {
          res.setHeader('x-request-id', requestIdOf(req));
          await new Promise((resolve) => setImmediate(resolve));
          logger.child({ component: 'deep' }).info('deep inside the request');
          res.end('ok');
        },
      },
    });
    await service.listen(0, '127.0.0.1');
    try {
      await fetch(`${service.url()}/work`, { headers: { 'x-request-id': 'req-42' } });
      const generated = await fetch(`${service.url()}/work`);
      const deep = lines.filter((line) => line.msg === 'deep inside the request');
      expect(deep).toHaveLength(2);
      expect(deep[0]).toMatchObject({ requestId: 'req-42', component: 'deep' });
      // A generated id is the one the handler saw and answered with.
      expect(deep[1]?.requestId).toEqual(expect.stringMatching(/^[0-9a-f-]{36}$/));
      expect(deep[1]?.requestId).toBe(generated.headers.get('x-request-id'));
    } finally {
      await service.close();
    }
  });

  it('writes nothing when silent', () => {
    const { lines, stream } = collector();
    createLogger('silent', {}, { destination: stream }).error('never');
    expect(lines).toHaveLength(0);
  });
});
