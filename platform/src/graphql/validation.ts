import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import {
  BREAK,
  GraphQLError,
  Kind,
  visit,
  type ASTVisitor,
  type DocumentNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';
import { ErrorCode } from '../errors.js';

function fragmentsOf(context: ValidationContext): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of context.getDocument().definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  return fragments;
}

/**
 * Refuses an operation that selects the root field `fieldName` more than `max` times (through
 * aliases or fragments): one request must not carry many password guesses.
 */
export function maxRootFieldOccurrences(fieldName: string, max = 1) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = fragmentsOf(context);
    const count = (selectionSet: SelectionSetNode, seen: Set<string>): number =>
      selectionSet.selections.reduce((total, selection) => {
        if (selection.kind === Kind.FIELD) return total + (selection.name.value === fieldName ? 1 : 0);
        if (selection.kind === Kind.INLINE_FRAGMENT) return total + count(selection.selectionSet, seen);
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || seen.has(name)) return total;
        return total + count(fragment.selectionSet, new Set([...seen, name]));
      }, 0);
    return {
      OperationDefinition(node) {
        if (count(node.selectionSet, new Set()) > max) {
          context.reportError(
            new GraphQLError(`An operation may select "${fieldName}" at most ${max} time(s).`, { nodes: [node] }),
          );
        }
      },
    };
  };
}

/** Refuses documents nested deeper than `maxDepth` fields, a cheap guard against abusive queries. */
export function maxDepth(limit: number) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = fragmentsOf(context);
    const depth = (selectionSet: SelectionSetNode, seen: Set<string>): number =>
      Math.max(
        0,
        ...selectionSet.selections.map((selection) => {
          if (selection.kind === Kind.FIELD) return selection.selectionSet ? 1 + depth(selection.selectionSet, seen) : 1;
          if (selection.kind === Kind.INLINE_FRAGMENT) return depth(selection.selectionSet, seen);
          const fragment = fragments.get(selection.name.value);
          if (!fragment || seen.has(fragment.name.value)) return 0;
          return depth(fragment.selectionSet, new Set([...seen, fragment.name.value]));
        }),
      );
    return {
      OperationDefinition(node) {
        if (depth(node.selectionSet, new Set()) > limit) {
          context.reportError(new GraphQLError(`The operation is nested deeper than ${limit} levels.`, { nodes: [node] }));
        }
      },
    };
  };
}

/** Strings that hold U+0000 anywhere in a JSON-like value (variables), depth-bounded. */
function holdsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 32 || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((inner) => holdsNul(inner, depth + 1));
  for (const key of Object.keys(value)) {
    if (key.includes('\u0000') || holdsNul((value as Record<string, unknown>)[key], depth + 1)) return true;
  }
  return false;
}

/**
 * PostgreSQL text cannot hold U+0000: the driver fails on it mid-statement. No string argument
 * of this API may carry one, in a literal or in a variable; refused before any resolver runs,
 * with BAD_USER_INPUT and HTTP 400 as for any other bad variable.
 */
export function nulCharactersRefused<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  // Apollo keeps parsed documents and hands the same object to every request of one operation:
  // its literals are checked once.
  const cleanDocuments = new WeakSet<DocumentNode>();
  const literalsHoldNul = (document: DocumentNode) => {
    if (cleanDocuments.has(document)) return false;
    let found = false;
    visit(document, {
      StringValue(node) {
        if (node.value.includes('\u0000')) {
          found = true;
          return BREAK;
        }
        return undefined;
      },
    });
    if (!found) cleanDocuments.add(document);
    return found;
  };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const found = holdsNul(request.variables) || literalsHoldNul(document);
          if (found) {
            throw new GraphQLError('Text arguments may not contain the NUL character (U+0000).', {
              extensions: { code: ErrorCode.BAD_USER_INPUT, http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}
