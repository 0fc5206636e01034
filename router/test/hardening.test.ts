import { recordingLogger, startTestStack, type LogLine, type TestStack } from '../../test/support/stack.js';

/** Issue 9: the client's mistakes are 400s with a clear message; a failed subgraph is one warn line. */
const lines: LogLine[] = [];
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ logger: recordingLogger(lines) });
});
afterAll(() => stack.stop());

const post = async (body: unknown) => {
  const response = await fetch(stack.routerUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] } };
};

describe('choosing the operation', () => {
  it('answers an operationName the document does not have with 400 and says which it has', async () => {
    const response = await post({ query: 'query A { __typename }', operationName: 'B' });
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]?.extensions?.code).toBe('OPERATION_RESOLUTION_FAILURE');
    expect(response.body.errors?.[0]?.message).toMatch(/no operation named "B".*A/);
  });

  it('answers several operations without operationName with 400 and asks for one', async () => {
    const response = await post({ query: 'query A { __typename } query B { __typename }' });
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]?.extensions?.code).toBe('OPERATION_RESOLUTION_FAILURE');
    expect(response.body.errors?.[0]?.message).toMatch(/operationName/);
    // Naming one runs it.
    const named = await post({ query: 'query A { __typename } query B { __typename }', operationName: 'B' });
    expect(named).toEqual({ status: 200, body: { data: { __typename: 'Query' } } });
  });
});

describe('a failed subgraph call in the logs', () => {
  it('is one warn line with the request id, no stack and nothing at error level', async () => {
    await stack.subgraphs.booking!.service.http.close();
    const requestId = `down-${Date.now()}`;
    const response = await fetch(stack.routerUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': requestId },
      body: JSON.stringify({ query: '{ movie(id: "00000000-0000-4000-8000-000000000001") { title } }' }),
    });
    const body = (await response.json()) as { errors?: { extensions?: Record<string, unknown> }[] };
    expect(body.errors?.[0]?.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', serviceName: 'booking' });
    const ofRequest = lines.filter((line) => line.requestId === requestId);
    const warnings = ofRequest.filter((line) => line.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ msg: 'subgraph request failed', subgraph: 'booking' });
    expect(JSON.stringify(ofRequest)).not.toMatch(/\n\s+at /);
    expect(ofRequest.filter((line) => line.level === 'error')).toEqual([]);
  });
});
