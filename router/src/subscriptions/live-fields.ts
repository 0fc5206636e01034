import {
  Kind,
  parse,
  valueFromASTUntyped,
  type ArgumentNode,
  type DocumentNode,
  type FieldNode,
  type GraphQLSchema,
  type ObjectTypeDefinitionNode,
  type OperationDefinitionNode,
  type TypeNode,
} from 'graphql';
import type { Caller } from './types.js';

/**
 * Who shares one resolution per event, the ONE place the visibility scope is defined
 * (docs/adr/0010-live-subscriptions.md). Two subscribers with the same scope key, normalized
 * document and variables form a cohort and receive the very same payload:
 * - USER: one user (and the role in their token), resolved with one of that user's own tokens;
 * - ROLE: every caller with the same role (anonymous is a role of its own), resolved with a token of
 *   one of them. Only for fields whose answer depends on the role alone, never on who the caller is;
 * - PUBLIC: everyone, resolved anonymously, so nobody receives more than anyone may see.
 */
export const LIVE_SCOPES = ['USER', 'ROLE', 'PUBLIC'] as const;
export type LiveScope = (typeof LIVE_SCOPES)[number];

/** The variable of a `lookup` fed by the event envelope's entityId. */
export const ENTITY_VARIABLE = 'entityId';

/** One subscription field as its owning subgraph declared it with `@live`. */
export interface LiveField {
  name: string;
  /** Bus channel template: `{args.<argument>}` and `{caller.id}` are substituted. */
  channel: string;
  /** The Query field that loads an event's entity; one of its arguments is `$entityId`. */
  lookup: FieldNode;
  /** The GraphQL type of `$entityId` where the lookup uses it, e.g. `ID!`. */
  entityVariableType: TypeNode;
  /** Run as the caller at subscribe time, variables from the field's arguments. */
  authorize?: DocumentNode;
  scope: LiveScope;
}

const CHANNEL_PLACEHOLDER = /\{(args\.[A-Za-z_][A-Za-z0-9_]*|caller\.id)\}/g;

function argumentValue(args: readonly ArgumentNode[] | undefined, name: string): unknown {
  const argument = args?.find((candidate) => candidate.name.value === name);
  return argument ? valueFromASTUntyped(argument.value) : undefined;
}

function parseLookup(field: string, lookup: string, schema: GraphQLSchema): { node: FieldNode; type: TypeNode } {
  const operation = parse(`query ($${ENTITY_VARIABLE}: ID) { ${lookup} }`).definitions[0] as OperationDefinitionNode;
  const [node] = operation.selectionSet.selections;
  if (operation.selectionSet.selections.length !== 1 || node?.kind !== Kind.FIELD || node.selectionSet) {
    throw new Error(`@live on Subscription.${field}: lookup must be one Query field without a selection, e.g. "order(id: $entityId)"`);
  }
  const queryField = schema.getQueryType()?.getFields()[node.name.value];
  if (!queryField) throw new Error(`@live on Subscription.${field}: Query.${node.name.value} does not exist`);
  const fed = node.arguments?.find((argument) => argument.value.kind === Kind.VARIABLE && argument.value.name.value === ENTITY_VARIABLE);
  const definition = fed && queryField.args.find((argument) => argument.name === fed.name.value);
  if (!definition?.astNode) throw new Error(`@live on Subscription.${field}: lookup must pass $${ENTITY_VARIABLE} to an argument of Query.${node.name.value}`);
  return { node, type: definition.astNode.type };
}

/**
 * Reads every `@live` field from the composed supergraph (`@composeDirective` keeps the
 * directive there). A malformed declaration fails the schema load loudly rather than serving a
 * subscription half-way.
 */
export function readLiveFields(supergraphSdl: string, apiSchema: GraphQLSchema): Map<string, LiveField> {
  const fields = new Map<string, LiveField>();
  const subscriptionName = apiSchema.getSubscriptionType()?.name ?? 'Subscription';
  for (const definition of parse(supergraphSdl).definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    if ((definition as ObjectTypeDefinitionNode).name.value !== subscriptionName) continue;
    for (const field of definition.fields ?? []) {
      const directive = field.directives?.find((candidate) => candidate.name.value === 'live');
      if (!directive) continue;
      const name = field.name.value;
      const channel = argumentValue(directive.arguments, 'channel');
      const lookup = argumentValue(directive.arguments, 'lookup');
      const authorize = argumentValue(directive.arguments, 'authorize');
      const scope = argumentValue(directive.arguments, 'scope');
      if (typeof channel !== 'string' || typeof lookup !== 'string') throw new Error(`@live on Subscription.${name}: channel and lookup are required`);
      if (!LIVE_SCOPES.includes(scope as LiveScope)) throw new Error(`@live on Subscription.${name}: scope must be one of ${LIVE_SCOPES.join(', ')}`);
      const placeholders = [...channel.matchAll(CHANNEL_PLACEHOLDER)].map((match) => match[1]!);
      const argumentNames = new Set((field.arguments ?? []).map((argument) => argument.name.value));
      for (const placeholder of placeholders) {
        if (placeholder.startsWith('args.') && !argumentNames.has(placeholder.slice(5))) {
          throw new Error(`@live on Subscription.${name}: channel uses {${placeholder}} but the field has no such argument`);
        }
        // A channel per caller must not be shared by a cohort of several callers.
        if (placeholder === 'caller.id' && scope !== 'USER') throw new Error(`@live on Subscription.${name}: {caller.id} needs scope USER`);
      }
      const { node, type } = parseLookup(name, lookup, apiSchema);
      fields.set(name, {
        name,
        channel,
        lookup: node,
        entityVariableType: type,
        authorize: typeof authorize === 'string' && authorize.trim() ? parse(authorize) : undefined,
        scope: scope as LiveScope,
      });
    }
  }
  return fields;
}

/**
 * The channel for one subscriber: the template with the field's arguments and the caller's id.
 * Argument values are validated by the schema already; they are stringified as they came.
 */
export function channelOf(field: LiveField, args: Record<string, unknown>, callerId: string | undefined): string {
  return field.channel.replace(CHANNEL_PLACEHOLDER, (_match, placeholder: string) => {
    if (placeholder === 'caller.id') {
      if (!callerId) throw new Error('caller.id without a caller');
      return callerId;
    }
    return String(args[placeholder.slice(5)]);
  });
}

/** True when the channel needs a signed-in caller. */
export const needsCaller = (field: LiveField): boolean => field.channel.includes('{caller.id}') || field.scope === 'USER';

/** The visibility scope key of a caller for a field (live-fields.ts defines the scopes). */
export function scopeKey(field: LiveField, caller: Caller): string {
  if (field.scope === 'PUBLIC') return 'public';
  if (field.scope === 'ROLE') return `role:${caller.user?.role ?? 'ANONYMOUS'}`;
  return `user:${caller.user!.id}:${caller.user!.role}`;
}

/**
 * Which cohorts' events may be resolved in one gateway operation, besides the selection. A USER
 * cohort's events share a batch with other owners' (each still resolved as its own owner: one
 * caller per root field, ADR 0029), in one of `userShards` batches per selection: a user always
 * lands in the same one, so their events stay in order, and the shards run side by side.
 */
export function batchScopeKey(field: LiveField, caller: Caller, userShards: number): string {
  if (field.scope !== 'USER') return scopeKey(field, caller);
  let hash = 0;
  for (const char of caller.user!.id) hash = (hash * 31 + char.charCodeAt(0)) | 0;
  return `users:${Math.abs(hash) % userShards}`;
}
