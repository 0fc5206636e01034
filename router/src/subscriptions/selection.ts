import {
  Kind,
  print,
  visit,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type InlineFragmentNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type TypeNode,
  type VariableDefinitionNode,
} from 'graphql';

/**
 * A subscriber's root field reduced to what its events are resolved with: fragments spread into
 * inline fragments (so one selection can sit under several aliases of one query) and the
 * variable definitions it uses. `shape` is its normalized text: the same for every subscriber
 * who asks the same thing, however the document was written around it.
 */
export interface LiveSelection {
  field: FieldNode;
  variables: VariableDefinitionNode[];
  shape: string;
}

function inlineFragments(selectionSet: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, depth = 0): SelectionSetNode {
  if (depth > 50) throw new Error('fragment cycle'); // validation refuses cycles; this only guards the recursion
  return visit(selectionSet, {
    FragmentSpread(spread): InlineFragmentNode {
      const fragment = fragments.get(spread.name.value);
      if (!fragment) throw new Error(`unknown fragment ${spread.name.value}`);
      return {
        kind: Kind.INLINE_FRAGMENT,
        typeCondition: fragment.typeCondition,
        directives: [...(spread.directives ?? []), ...(fragment.directives ?? [])],
        selectionSet: inlineFragments(fragment.selectionSet, fragments, depth + 1),
      };
    },
  });
}

export function liveSelection(document: DocumentNode, operation: OperationDefinitionNode, field: FieldNode): LiveSelection {
  const fragments = new Map(
    document.definitions
      .filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION)
      .map((fragment) => [fragment.name.value, fragment]),
  );
  const inlined: FieldNode = {
    ...field,
    alias: undefined,
    arguments: [],
    selectionSet: field.selectionSet && inlineFragments(field.selectionSet, fragments),
  };
  const used = new Set<string>();
  visit(inlined, { Variable: (variable) => void used.add(variable.name.value) });
  const variables = (operation.variableDefinitions ?? []).filter((definition) => used.has(definition.variable.name.value));
  return { field: inlined, variables, shape: `${print(inlined)}|${variables.map((definition) => print(definition)).join(',')}` };
}

/** The variables of `selection`, with the subscriber's values, in a stable order: part of a cohort's key. */
export function selectionVariables(selection: LiveSelection, values: Record<string, unknown>): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const definition of selection.variables) {
    const name = definition.variable.name.value;
    if (name in values) picked[name] = values[name];
  }
  return picked;
}

/** One entry of a batch: the lookup of one entity for one cohort. */
export interface BatchEntry {
  selection: LiveSelection;
  lookup: FieldNode;
  entityVariableType: TypeNode;
  entityId: string;
  variables: Record<string, unknown>;
}

const name = (value: string) => ({ kind: Kind.NAME, value }) as const;

/**
 * One query for many events: `e0: order(id: $e0) { ...selection with $x renamed $e0_x }`,
 * `e1: ...`. The gateway then plans one operation and batches each subgraph's entity fetches
 * across all of them, instead of one operation per event.
 */
export function batchQuery(entries: readonly BatchEntry[]): { document: DocumentNode; variables: Record<string, unknown> } {
  const variableDefinitions: VariableDefinitionNode[] = [];
  const variables: Record<string, unknown> = {};
  const selections: FieldNode[] = entries.map((entry, index) => {
    const alias = `e${index}`;
    const rename = (variable: string) => (variable === '$entity' ? alias : `${alias}_${variable}`);
    variableDefinitions.push({ kind: Kind.VARIABLE_DEFINITION, variable: { kind: Kind.VARIABLE, name: name(alias) }, type: entry.entityVariableType });
    variables[alias] = entry.entityId;
    for (const definition of entry.selection.variables) {
      const original = definition.variable.name.value;
      variableDefinitions.push({ ...definition, variable: { kind: Kind.VARIABLE, name: name(rename(original)) } });
      if (original in entry.variables) variables[rename(original)] = entry.variables[original];
    }
    const renamedSelection = visit(entry.selection.field, { Variable: (variable) => ({ ...variable, name: name(rename(variable.name.value)) }) });
    const lookupArguments = (entry.lookup.arguments ?? []).map((argument) =>
      argument.value.kind === Kind.VARIABLE ? { ...argument, value: { kind: Kind.VARIABLE, name: name(rename('$entity')) } } : argument,
    );
    return {
      kind: Kind.FIELD,
      alias: name(alias),
      name: entry.lookup.name,
      arguments: lookupArguments,
      directives: renamedSelection.directives,
      selectionSet: renamedSelection.selectionSet,
    } as FieldNode;
  });
  const operation: OperationDefinitionNode = {
    kind: Kind.OPERATION_DEFINITION,
    operation: 'query' as OperationDefinitionNode['operation'],
    name: name('LiveEvents'),
    variableDefinitions,
    selectionSet: { kind: Kind.SELECTION_SET, selections },
  };
  return { document: { kind: Kind.DOCUMENT, definitions: [operation] }, variables };
}
