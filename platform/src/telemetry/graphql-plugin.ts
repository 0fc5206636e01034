import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { activeRequestSpan } from './tracing.js';
import { metrics, operationLabel, recordCostLimitRefusal, recordRateLimitRefusal } from './metrics.js';

/**
 * Validation messages of the platform's own limits (platform/src/graphql/validation.ts), by limit
 * name. Limits elsewhere record their refusals themselves with `recordCostLimitRefusal`.
 */
const COST_LIMIT_MESSAGES: [RegExp, string][] = [
  [/^The operation is nested deeper than \d+ levels\.$/, 'depth'],
  [/^An operation may select "\w+" at most \d+ time\(s\)\.$/, 'root_field_occurrences'],
];

/** graphql-js's parse error when a document exceeds `parseOptions.maxTokens`. */
const TOO_MANY_TOKENS = /Document contains more th\w+ \d+ tokens/;

const codeOf = (error: GraphQLError | GraphQLFormattedError): string => {
  const code = error.extensions?.code;
  return typeof code === 'string' && /^[A-Z_]{1,40}$/.test(code) ? code : 'UNKNOWN';
};

/**
 * Per GraphQL operation: request, error (by code) and latency metrics, refusals by the cost
 * limits, and the operation's name and type on the active trace span.
 */
export function graphqlTelemetryPlugin<TContext extends BaseContext>(service: string): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      const startedAt = process.hrtime.bigint();
      return {
        async didResolveOperation({ operation, operationName }) {
          const span = activeRequestSpan();
          if (!span) return;
          const type = operation?.operation ?? 'query';
          span.updateName(`${type}${operationName ? ` ${operationName}` : ''}`);
          span.setAttribute('graphql.operation.type', type);
          if (operationName) span.setAttribute('graphql.operation.name', operationName);
        },
        async parsingDidStart() {
          return async (error) => {
            if (error && TOO_MANY_TOKENS.test(error.message)) recordCostLimitRefusal(service, 'tokens');
          };
        },
        async validationDidStart() {
          return async (errors) => {
            for (const error of errors ?? []) {
              // Limit refusals name their limit in extensions.limit; older rules only in their message.
              const named = error instanceof GraphQLError ? error.extensions.limit : undefined;
              const limit = typeof named === 'string' ? named : COST_LIMIT_MESSAGES.find(([pattern]) => pattern.test(error.message))?.[1];
              if (limit) recordCostLimitRefusal(service, limit);
            }
          };
        },
        async willSendResponse({ operation, operationName, response, errors }) {
          const labels = {
            service,
            operation_type: operation?.operation ?? 'unknown',
            operation_name: operationLabel(operationName ?? operation?.name?.value),
          };
          metrics.graphqlRequests.inc(labels);
          metrics.graphqlDuration.observe(labels, Number(process.hrtime.bigint() - startedAt) / 1e9);
          const answered = response.body.kind === 'single' ? (response.body.singleResult.errors ?? errors ?? []) : (errors ?? []);
          for (const error of answered) {
            const code = codeOf(error);
            metrics.graphqlErrors.inc({ service, operation_name: labels.operation_name, code });
            // A subgraph's own limits (logins, orders); the router passes these on and counts its own separately.
            if (code === 'RATE_LIMITED' && service !== 'router') recordRateLimitRefusal(service, labels.operation_name);
          }
          if (answered.length > 0) activeRequestSpan()?.setAttribute('graphql.errors', answered.length);
        },
      };
    },
  };
}
