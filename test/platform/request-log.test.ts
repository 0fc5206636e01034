import { ApolloServer } from '@apollo/server';
import { requestLogPlugin, type LogFields, type Logger } from '@marquee/platform';

function capturingLogger(lines: { level: string; message: string; fields?: LogFields }[]): Logger {
  const at = (level: string) => (message: string, fields?: LogFields) => lines.push({ level, message, fields });
  const logger: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: () => logger };
  return logger;
}

it('logs one line per operation with the request id and timing, never the variables', async () => {
  const lines: { level: string; message: string; fields?: LogFields }[] = [];
  const server = new ApolloServer<{ requestId: string }>({
    typeDefs: 'type Query { echo(secret: String!): String! }',
    resolvers: { Query: { echo: () => 'ok' } },
    plugins: [requestLogPlugin(capturingLogger(lines), 'info')],
  });
  await server.start();
  await server.executeOperation(
    { query: 'query Echo($secret: String!) { echo(secret: $secret) }', variables: { secret: 'hunter2-password' } },
    { contextValue: { requestId: 'req-42' } },
  );
  await server.stop();
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatchObject({
    level: 'info',
    message: 'graphql request',
    fields: { requestId: 'req-42', operation: 'query', operationName: 'Echo', errors: 0 },
  });
  expect(typeof lines[0]?.fields?.durationMs).toBe('number');
  expect(JSON.stringify(lines)).not.toContain('hunter2');
});
