import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';

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
