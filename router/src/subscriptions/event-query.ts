import {
  Kind,
  visit,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/** The variable through which each event names its order. */
export const EVENT_ORDER_VARIABLE = 'subscriptionEventOrderId';

/** Fragments a selection set uses, directly or through other fragments. */
function usedFragments(selectionSet: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>): FragmentDefinitionNode[] {
  const used = new Map<string, FragmentDefinitionNode>();
  const walk = (node: SelectionSetNode | FragmentDefinitionNode) =>
    visit(node, {
      FragmentSpread(spread) {
        const fragment = fragments.get(spread.name.value);
        if (!fragment || used.has(fragment.name.value)) return;
        used.set(fragment.name.value, fragment);
        walk(fragment);
      },
    });
  walk(selectionSet);
  return [...used.values()];
}

function usedVariables(nodes: readonly (SelectionSetNode | FragmentDefinitionNode)[]): Set<string> {
  const names = new Set<string>();
  for (const node of nodes) visit(node, { Variable: (variable) => void names.add(variable.name.value) });
  return names;
}

/**
 * Turns `subscription ($x: ...) { alias: orderUpdated(orderId: $id) { ...selection } }` into
 * `query ($x: ..., $subscriptionEventOrderId: ID!) { alias: order(id: $subscriptionEventOrderId) { ...selection } }`
 * with the fragments and variables the selection uses, so the gateway resolves every field of the
 * client's selection, federated ones included, under the same response key.
 */
export function eventQuery(document: DocumentNode, operation: OperationDefinitionNode, field: FieldNode): DocumentNode {
  if (!field.selectionSet) throw new Error('an order subscription field always has a selection set');
  const fragments = new Map(
    document.definitions
      .filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION)
      .map((fragment) => [fragment.name.value, fragment]),
  );
  const fragmentsUsed = usedFragments(field.selectionSet, fragments);
  const variables = usedVariables([field.selectionSet, ...fragmentsUsed]);
  const query: OperationDefinitionNode = {
    kind: Kind.OPERATION_DEFINITION,
    operation: 'query' as OperationDefinitionNode['operation'],
    name: { kind: Kind.NAME, value: 'SubscriptionEvent' },
    variableDefinitions: [
      ...(operation.variableDefinitions ?? []).filter((definition) => variables.has(definition.variable.name.value)),
      {
        kind: Kind.VARIABLE_DEFINITION,
        variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: EVENT_ORDER_VARIABLE } },
        type: { kind: Kind.NON_NULL_TYPE, type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: 'ID' } } },
      },
    ],
    selectionSet: {
      kind: Kind.SELECTION_SET,
      selections: [
        {
          kind: Kind.FIELD,
          alias: { kind: Kind.NAME, value: field.alias?.value ?? field.name.value },
          name: { kind: Kind.NAME, value: 'order' },
          arguments: [
            {
              kind: Kind.ARGUMENT,
              name: { kind: Kind.NAME, value: 'id' },
              value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: EVENT_ORDER_VARIABLE } },
            },
          ],
          directives: field.directives,
          selectionSet: field.selectionSet,
        },
      ],
    },
  };
  return { kind: Kind.DOCUMENT, definitions: [query, ...fragmentsUsed] };
}
