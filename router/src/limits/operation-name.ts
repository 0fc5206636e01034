import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError, Kind, type DocumentNode } from 'graphql';

const operationNames = (document: DocumentNode): string[] =>
  document.definitions.flatMap((definition) =>
    definition.kind === Kind.OPERATION_DEFINITION ? [definition.name?.value ?? '(anonymous)'] : [],
  );

/**
 * A document whose operation cannot be chosen (a wrong `operationName`, or several operations and
 * no name) is the client's mistake: 400 with a message that says what to send, not the 500 the
 * gateway's executor would answer.
 */
export function operationNameRequired<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request }) {
          if (operation) return;
          const names = operationNames(document);
          const message = request.operationName
            ? `The document has no operation named "${request.operationName}"; it has: ${names.join(', ')}.`
            : `The document has ${names.length} operations (${names.join(', ')}): say which one to run in operationName.`;
          throw new GraphQLError(message, { extensions: { code: 'OPERATION_RESOLUTION_FAILURE', http: { status: 400 } } });
        },
      };
    },
  };
}
