import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/** The stable code of every refusal for size or cost: the client must send a smaller operation. */
export const QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX';

export type LimitName = 'tokens' | 'aliases' | 'directives' | 'depth' | 'cost';

/**
 * A refusal before any subgraph is called: HTTP 400, code QUERY_TOO_COMPLEX, which limit, its
 * maximum and what the operation had. Apollo relabels validation errors GRAPHQL_VALIDATION_FAILED;
 * `limitCodes` below puts our code back, while graphql-ws clients get this error as is.
 */
export function limitExceeded(limit: LimitName, maximum: number, actual: number, message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: QUERY_TOO_COMPLEX, limit, maximum, actual, http: { status: 400 } },
  });
}

/** graphql-js's own message when parse() stops at `maxTokens`. */
const TOO_MANY_TOKENS = /Document contains more th\w+ (\d+) tokens/;

/** formatError step: limit refusals carry QUERY_TOO_COMPLEX whatever Apollo labelled them. */
export function limitCodes(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const extensions = formatted.extensions ?? {};
  if (typeof extensions.limit === 'string') return { ...formatted, extensions: { ...extensions, code: QUERY_TOO_COMPLEX } };
  const tokens = TOO_MANY_TOKENS.exec(formatted.message);
  if (tokens) {
    return {
      message: `The operation is longer than ${tokens[1]} tokens. Send a smaller operation.`,
      extensions: { code: QUERY_TOO_COMPLEX, limit: 'tokens', maximum: Number(tokens[1]) },
    };
  }
  return formatted;
}
