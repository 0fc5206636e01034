import type { GraphQLFormattedError } from 'graphql';

/** graphql-js appends these to validation messages; they spell out the schema to whoever probes it. */
const SUGGESTION = /\s*Did you mean [^?]*\?/g;

/**
 * Wraps a formatError so that field, type and argument suggestions ("Did you mean `movie`?") are
 * removed from every message: production hides the schema unless FIELD_SUGGESTIONS=true.
 */
export function withoutSuggestions(
  format: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError,
): (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError {
  return (formatted, error) => {
    const result = format(formatted, error);
    const message = result.message.replace(SUGGESTION, '');
    return message === result.message ? result : { ...result, message };
  };
}
