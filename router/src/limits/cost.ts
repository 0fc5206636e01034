import {
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  isUnionType,
  Kind,
  parse,
  valueFromAST,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { MAX_PAGE_SIZE } from '@marquee/platform';

/**
 * Static cost, as Apollo's demand control defines it (federation's @cost and @listSize, declared
 * in each subgraph's SDL and composed into the supergraph): an object costs 1, a leaf 0, a
 * mutation field 10, `@cost(weight)` overrides, and a list multiplies what it holds by its size:
 * the slicing argument the client gave (`first`), else `assumedSize`, else DEFAULT_LIST_SIZE.
 * `sizedFields` carry a connection's `first` down to its `edges`. Known before any subgraph is called.
 */
export interface FieldCost {
  weight?: number;
  assumedSize?: number;
  slicingArguments?: string[];
  sizedFields?: string[];
}

/** `Type.field` → its @cost / @listSize arguments, read from the composed supergraph. */
export type CostDirectives = Map<string, FieldCost>;

/** Size assumed for a list the supergraph gives no @listSize (a test keeps there being none). */
export const DEFAULT_LIST_SIZE = 100;
const MUTATION_FIELD_COST = 10;

function intArgument(value: ValueNode | undefined): number | undefined {
  return value?.kind === Kind.INT ? Number(value.value) : undefined;
}

function stringList(value: ValueNode | undefined): string[] | undefined {
  if (value?.kind !== Kind.LIST) return undefined;
  return value.values.flatMap((item) => (item.kind === Kind.STRING ? [item.value] : []));
}

/** Reads every field's @cost and @listSize from the supergraph SDL (the API schema drops them). */
export function costDirectivesOf(supergraphSdl: string): CostDirectives {
  const directives: CostDirectives = new Map();
  for (const definition of parse(supergraphSdl).definitions) {
    if (
      definition.kind !== Kind.OBJECT_TYPE_DEFINITION &&
      definition.kind !== Kind.OBJECT_TYPE_EXTENSION &&
      definition.kind !== Kind.INTERFACE_TYPE_DEFINITION
    ) {
      continue;
    }
    for (const field of definition.fields ?? []) {
      const cost: FieldCost = {};
      for (const directive of field.directives ?? []) {
        const args = new Map((directive.arguments ?? []).map((arg) => [arg.name.value, arg.value]));
        if (directive.name.value === 'cost') cost.weight = intArgument(args.get('weight'));
        if (directive.name.value === 'listSize') {
          cost.assumedSize = intArgument(args.get('assumedSize'));
          cost.slicingArguments = stringList(args.get('slicingArguments'));
          cost.sizedFields = stringList(args.get('sizedFields'));
        }
      }
      if (Object.values(cost).some((value) => value !== undefined)) directives.set(`${definition.name.value}.${field.name.value}`, cost);
    }
  }
  return directives;
}

export interface CostInput {
  schema: GraphQLSchema;
  directives: CostDirectives;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  /** The request's variables; unknown (validation over WebSocket) means the worst case. */
  variables?: Record<string, unknown>;
  /** A slicing argument given by an unknown variable counts as this many. */
  worstCaseSlice?: number;
}

/** The operation's static cost. */
export function operationCost(input: CostInput): number {
  const { schema, directives, document } = input;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }

  const sliceValue = (field: GraphQLField<unknown, unknown>, node: FieldNode, name: string): number | undefined => {
    const argument = node.arguments?.find((arg) => arg.name.value === name);
    const definition = field.args.find((arg) => arg.name === name);
    if (!definition) return undefined;
    if (!argument) return typeof definition.defaultValue === 'number' ? definition.defaultValue : undefined;
    if (argument.value.kind === Kind.VARIABLE) {
      const given = input.variables?.[argument.value.name.value];
      if (typeof given === 'number') return given;
      if (input.variables && given === undefined) {
        const declared = input.operation.variableDefinitions?.find((v) => v.variable.name.value === (argument.value as { name: { value: string } }).name.value);
        const fallback = declared?.defaultValue ? valueFromAST(declared.defaultValue, definition.type) : definition.defaultValue;
        return typeof fallback === 'number' ? fallback : undefined;
      }
      return input.variables ? undefined : input.worstCaseSlice;
    }
    const value = valueFromAST(argument.value, definition.type);
    return typeof value === 'number' ? value : undefined;
  };

  const sliceOrAssumed = (field: GraphQLField<unknown, unknown>, node: FieldNode, declared: FieldCost | undefined): number => {
    const sliced = (declared?.slicingArguments ?? [])
      .map((name) => sliceValue(field, node, name))
      .filter((value): value is number => value !== undefined);
    // Over the cap the resolver refuses the value itself (BAD_USER_INPUT): count it at the cap.
    return sliced.length > 0 ? Math.min(MAX_PAGE_SIZE, Math.max(0, ...sliced)) : (declared?.assumedSize ?? DEFAULT_LIST_SIZE);
  };

  /** `sized`: names of child list fields whose size the parent's slicing argument fixes. */
  const selectionCost = (
    selectionSet: SelectionSetNode,
    type: GraphQLCompositeType,
    sized: { fields: string[]; size: number } | undefined,
    path: Set<string>,
  ): number => {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type;
        if (condition && isCompositeType(condition)) total += selectionCost(selection.selectionSet, condition, sized, path);
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || path.has(fragment.name.value)) continue;
        const condition = schema.getType(fragment.typeCondition.name.value);
        if (condition && isCompositeType(condition)) {
          total += selectionCost(fragment.selectionSet, condition, sized, new Set([...path, fragment.name.value]));
        }
        continue;
      }
      total += fieldCost(selection, type, sized, path);
    }
    return total;
  };

  const fieldCost = (
    node: FieldNode,
    parent: GraphQLCompositeType,
    sized: { fields: string[]; size: number } | undefined,
    path: Set<string>,
  ): number => {
    if (isUnionType(parent)) return 0; // only __typename is selectable on a union itself
    const field = parent.getFields()[node.name.value];
    if (!field) return 0; // __typename and the like
    const key = `${parent.name}.${field.name}`;
    const declared = directives.get(key);
    const named = getNamedType(field.type);
    const own = declared?.weight ?? (isCompositeType(named) ? 1 : 0);
    const size = isListType(getNullableType(field.type))
      ? sized?.fields.includes(field.name)
        ? sized.size
        : sliceOrAssumed(field, node, declared)
      : 1;
    let children = 0;
    if (node.selectionSet && isCompositeType(named)) {
      const sizedBelow = declared?.sizedFields?.length
        ? { fields: declared.sizedFields, size: sliceOrAssumed(field, node, declared) }
        : undefined;
      children = selectionCost(node.selectionSet, named, sizedBelow, path);
    }
    return size * (own + children);
  };

  const root = schema.getRootType(input.operation.operation);
  if (!root) return 0;
  const rootCost = selectionCost(input.operation.selectionSet, root, undefined, new Set());
  const mutationFields = input.operation.operation === 'mutation' ? input.operation.selectionSet.selections.length : 0;
  return rootCost + mutationFields * MUTATION_FIELD_COST;
}
