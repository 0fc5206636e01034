import type { ApolloServer, BaseContext } from '@apollo/server';
import {
  GraphQLError,
  Kind,
  getOperationAST,
  parse,
  print,
  visit,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLFormattedError,
  type OperationDefinitionNode,
} from 'graphql';

/**
 * The request extension in which the router names a caller per root field: `{ "<response key>":
 * "<Authorization>" }`. The router's live subscriptions resolve the events of many owners in one
 * request this way, each event's lookup as its own owner (docs/adr/0029-one-request-many-owners.md).
 */
export const PER_FIELD_CALLERS_EXTENSION = 'marqueePerFieldCallers';

/** Root fields one request may name callers for; the router's batches hold at most 100 events. */
export const MAX_PER_FIELD_CALLERS = 100;

export interface PerFieldCallersRequest {
  query: string;
  variables: Record<string, unknown>;
  operationName?: string;
  /** Response key of each root field -> that field's caller's Authorization. */
  callers: Record<string, string>;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const badRequest = (message: string): GraphQLFormattedError => ({ message, extensions: { code: 'BAD_REQUEST' } });

/**
 * The request, when its body names callers per field; undefined for an ordinary request. A body
 * that names them badly is refused as a whole (BAD_REQUEST), never run as anyone.
 */
export function perFieldCallersOf(body: unknown): PerFieldCallersRequest | GraphQLFormattedError | undefined {
  if (!isObject(body) || !isObject(body.extensions) || !(PER_FIELD_CALLERS_EXTENSION in body.extensions)) return undefined;
  const callers = body.extensions[PER_FIELD_CALLERS_EXTENSION];
  if (!isObject(callers) || !Object.values(callers).every((value) => typeof value === 'string')) {
    return badRequest(`extensions.${PER_FIELD_CALLERS_EXTENSION} must map response keys to Authorization values.`);
  }
  if (Object.keys(callers).length > MAX_PER_FIELD_CALLERS) return badRequest(`At most ${MAX_PER_FIELD_CALLERS} fields may name their caller.`);
  if (typeof body.query !== 'string') return badRequest('A request naming callers per field needs its query as text.');
  if (body.variables !== undefined && body.variables !== null && !isObject(body.variables)) return badRequest('variables must be an object.');
  return {
    query: body.query,
    variables: (body.variables as Record<string, unknown> | null | undefined) ?? {},
    operationName: typeof body.operationName === 'string' ? body.operationName : undefined,
    callers: callers as Record<string, string>,
  };
}

/** The fragments `node` spreads, directly or through other fragments. */
function fragmentsUsedBy(node: FieldNode, fragments: Map<string, FragmentDefinitionNode>): FragmentDefinitionNode[] {
  const used = new Map<string, FragmentDefinitionNode>();
  const walk = (root: FieldNode | FragmentDefinitionNode) =>
    visit(root, {
      FragmentSpread(spread) {
        const fragment = fragments.get(spread.name.value);
        if (!fragment || used.has(fragment.name.value)) return;
        used.set(fragment.name.value, fragment);
        walk(fragment);
      },
    });
  walk(node);
  return [...used.values()];
}

/** The operation reduced to some of its root fields, with only the variables and fragments they use. */
function subOperation(document: DocumentNode, operation: OperationDefinitionNode, fields: FieldNode[]): string {
  const fragments = new Map(
    document.definitions.filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION).map((fragment) => [fragment.name.value, fragment]),
  );
  const usedFragments = new Map<string, FragmentDefinitionNode>();
  for (const field of fields) for (const fragment of fragmentsUsedBy(field, fragments)) usedFragments.set(fragment.name.value, fragment);
  const usedVariables = new Set<string>();
  for (const node of [...fields, ...usedFragments.values()]) visit(node, { Variable: (variable) => void usedVariables.add(variable.name.value) });
  const reduced: OperationDefinitionNode = {
    ...operation,
    variableDefinitions: (operation.variableDefinitions ?? []).filter((definition) => usedVariables.has(definition.variable.name.value)),
    selectionSet: { ...operation.selectionSet, selections: fields },
  };
  return print({ kind: Kind.DOCUMENT, definitions: [reduced, ...usedFragments.values()] });
}

/** A caller's token refused (expired, revoked): that caller's fields answer null with its error. */
function refusedFields(fields: FieldNode[], error: GraphQLError): GraphQLFormattedError[] {
  const code = error.extensions?.code;
  return fields.map((field) => ({ message: error.message, path: [(field.alias ?? field.name).value], extensions: { code } }));
}

/**
 * Runs a query whose root fields each name their caller: the fields of one caller in one execution
 * with that caller's context (so every resolver applies its own access rules to that caller, as
 * if they had sent the request), all executions at once so the request's loaders batch across
 * them. A caller whose token does not verify gets UNAUTHENTICATED on its own fields; a field
 * without a caller, a mutation or a root fragment refuses the whole request.
 */
export async function executePerFieldCallers<TContext extends BaseContext>(
  apollo: ApolloServer<TContext>,
  request: PerFieldCallersRequest,
  contextFor: (authorization: string) => Promise<TContext>,
): Promise<{ data?: Record<string, unknown> | null; errors?: GraphQLFormattedError[] }> {
  let document: DocumentNode;
  try {
    document = parse(request.query);
  } catch (error) {
    return { errors: [{ message: error instanceof GraphQLError ? error.message : 'The query does not parse.', extensions: { code: 'GRAPHQL_PARSE_FAILED' } }] };
  }
  const operation = getOperationAST(document, request.operationName);
  if (!operation || operation.operation !== 'query') return { errors: [badRequest('Only a query may name a caller per field.')] };
  const byCaller = new Map<string, FieldNode[]>();
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) return { errors: [badRequest('A query naming callers per field selects its root fields directly.')] };
    const key = (selection.alias ?? selection.name).value;
    const authorization = request.callers[key];
    if (authorization === undefined) return { errors: [badRequest(`The root field "${key}" names no caller.`)] };
    const fields = byCaller.get(authorization);
    if (fields) fields.push(selection);
    else byCaller.set(authorization, [selection]);
  }

  const parts = await Promise.all(
    [...byCaller].map(async ([authorization, fields]): Promise<{ fields: FieldNode[]; data?: Record<string, unknown> | null; errors?: readonly GraphQLFormattedError[] }> => {
      let contextValue: TContext;
      try {
        contextValue = await contextFor(authorization);
      } catch (error) {
        if (error instanceof GraphQLError) return { fields, errors: refusedFields(fields, error) };
        throw error;
      }
      const response = await apollo.executeOperation({ query: subOperation(document, operation, fields), variables: request.variables, operationName: request.operationName }, { contextValue });
      if (response.body.kind !== 'single') return { fields, errors: [badRequest('Incremental delivery is not supported here.')] };
      return { fields, data: response.body.singleResult.data, errors: response.body.singleResult.errors };
    }),
  );

  // Root fields in the order the query asked for them, each from its own caller's execution.
  const values = new Map<string, unknown>();
  const errors: GraphQLFormattedError[] = [];
  for (const part of parts) {
    for (const field of part.fields) {
      const key = (field.alias ?? field.name).value;
      values.set(key, part.data?.[key] ?? null);
    }
    if (part.errors) errors.push(...part.errors);
  }
  const data: Record<string, unknown> = {};
  for (const selection of operation.selectionSet.selections as FieldNode[]) {
    const key = (selection.alias ?? selection.name).value;
    data[key] = values.get(key) ?? null;
  }
  return errors.length > 0 ? { data, errors } : { data };
}
