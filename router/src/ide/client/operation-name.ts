import { Kind, parse } from 'graphql';

/** The part of GraphiQL's request this module reads and corrects. */
export interface OperationRequest {
  query: string;
  operationName?: string | null;
}

/**
 * GraphiQL learns the operation name from the editor 100 ms after a change, so "run" right after
 * switching tabs sends the previous tab's name ("no operation named SignIn"). A document with one
 * operation is unambiguous: send its own name.
 */
export function withCurrentOperationName<T extends OperationRequest>(params: T): T {
  let names: (string | undefined)[];
  try {
    names = parse(params.query).definitions.flatMap((definition) => (definition.kind === Kind.OPERATION_DEFINITION ? [definition.name?.value] : []));
  } catch {
    return params; // the server explains the syntax error
  }
  if (names.length !== 1 || !params.operationName || names[0] === params.operationName) return params;
  return { ...params, operationName: names[0] ?? null };
}
