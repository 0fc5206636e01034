import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SubgraphClient } from '../src/subgraph-client.js';

/**
 * A real HTTP server standing in for a subgraph: it records every request it receives and holds
 * the answers until the test releases them, so "in flight at the same time" is certain.
 */
class GatedSubgraph {
  readonly received: { authorization?: string; secret?: string; body: string }[] = [];
  private held: { res: ServerResponse; body: string; authorization?: string }[] = [];
  private server: Server = createServer((req, res) => void this.handle(req, res));
  url = '';

  async start(): Promise<void> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/graphql`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body = '';
    for await (const chunk of req) body += String(chunk);
    const entry = { authorization: req.headers.authorization, secret: req.headers['x-router-secret'] as string | undefined, body };
    this.received.push(entry);
    this.held.push({ res, body, authorization: entry.authorization });
  }

  /** Waits until `count` requests arrived, then answers each with who asked. */
  async release(count: number): Promise<void> {
    while (this.received.length < count) await new Promise((resolve) => setTimeout(resolve, 5));
    for (const { res, authorization } of this.held.splice(0)) {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=30, public' });
      res.end(JSON.stringify({ data: { me: { token: authorization ?? null } } }));
    }
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close');
  }
}

let subgraph: GatedSubgraph;
let client: SubgraphClient;
beforeEach(async () => {
  subgraph = new GatedSubgraph();
  await subgraph.start();
  client = new SubgraphClient({ url: subgraph.url, headers: { 'content-type': 'application/json', 'x-router-secret': 's3cret' }, timeoutMs: 5_000 });
});
afterEach(async () => {
  await client.close();
  await subgraph.stop();
});

const body = JSON.stringify({ query: '{ me { token } }', variables: {} });

describe('subgraph client', () => {
  it('sends the fixed headers with every request and returns the answer and its Cache-Control', async () => {
    const answer = client.post({ body, headers: { authorization: 'Bearer a' } });
    await subgraph.release(1);
    expect(await answer).toEqual({ status: 200, body: JSON.stringify({ data: { me: { token: 'Bearer a' } } }), cacheControl: 'max-age=30, public' });
    expect(subgraph.received[0]?.secret).toBe('s3cret');
  });

  it('sends identical shareable requests of one caller once while the first is in flight', async () => {
    const share = { key: 'Bearer a' };
    const answers = Promise.all([1, 2, 3].map(() => client.post({ body, headers: { authorization: 'Bearer a' }, share })));
    await subgraph.release(1);
    const [first, second, third] = await answers;
    expect(subgraph.received).toHaveLength(1);
    expect(second?.body).toBe(first?.body);
    expect(third?.body).toBe(first?.body);
    expect(client.shared).toBe(2);
  });

  it('never shares between callers whose Authorization differs', async () => {
    const answers = Promise.all(
      ['Bearer a', 'Bearer b', ''].map((authorization) =>
        client.post({ body, headers: authorization ? { authorization } : {}, share: { key: authorization } }),
      ),
    );
    await subgraph.release(3);
    const tokens = (await answers).map((answer) => (JSON.parse(answer.body) as { data: { me: { token: string | null } } }).data.me.token);
    expect(tokens).toEqual(['Bearer a', 'Bearer b', null]);
    expect(subgraph.received).toHaveLength(3);
    expect(client.shared).toBe(0);
  });

  it('never shares a request that is not marked shareable (mutations), nor different bodies', async () => {
    const other = JSON.stringify({ query: '{ me { token } }', variables: { x: 1 } });
    const answers = Promise.all([
      client.post({ body, headers: { authorization: 'Bearer a' } }),
      client.post({ body, headers: { authorization: 'Bearer a' } }),
      client.post({ body, headers: { authorization: 'Bearer a' }, share: { key: 'Bearer a' } }),
      client.post({ body: other, headers: { authorization: 'Bearer a' }, share: { key: 'Bearer a' } }),
    ]);
    await subgraph.release(4);
    await answers;
    expect(subgraph.received).toHaveLength(4);
  });

  it('shares only while in flight: a later identical request goes out again', async () => {
    const share = { key: 'Bearer a' };
    const first = client.post({ body, headers: {}, share });
    await subgraph.release(1);
    await first;
    const second = client.post({ body, headers: {}, share });
    await subgraph.release(2);
    await second;
    expect(subgraph.received).toHaveLength(2);
  });
});
