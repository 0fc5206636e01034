import {
  getNamedType,
  isAbstractType,
  isCompositeType,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';

/** Root fields a subgraph fetch may select that the API schema does not have. */
const FEDERATION_ROOT_FIELDS = new Set(['_entities']);

const memo = new WeakMap<DocumentNode, { schema: GraphQLSchema; types: string[] | null }>();

/**
 * Every object type an answer to `document` may contain (an interface or union counts as each of
 * its possible types), read against `schema`: the tags an answer is cached under, so that a change
 * to any of those types drops it. Null when some field is unknown to the schema: such a document
 * is not cached. Memoized per parsed document (Apollo Server and the gateway reuse them).
 */
export function selectionTypes(schema: GraphQLSchema, document: DocumentNode): string[] | null {
  const known = memo.get(document);
  if (known?.schema === schema) return known.types;
  const types = new Set<string>();
  let unknownField = false;
  const add = (type: GraphQLNamedType) => {
    if (!isCompositeType(type)) return;
    if (isAbstractType(type)) for (const possible of schema.getPossibleTypes(type)) types.add(possible.name);
    else types.add(type.name);
  };
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const type = typeInfo.getType();
        if (type) add(getNamedType(type));
        else if (!(typeInfo.getParentType() === schema.getQueryType() && FEDERATION_ROOT_FIELDS.has(node.name.value))) unknownField = true;
      },
      InlineFragment() {
        const type = typeInfo.getType();
        if (type) add(getNamedType(type));
      },
      FragmentDefinition() {
        const type = typeInfo.getType();
        if (type) add(getNamedType(type));
        else unknownField = true;
      },
    }),
  );
  // Root types are not data: a change is never announced as a change to Query.
  for (const root of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) if (root) types.delete(root.name);
  const result = unknownField ? null : [...types].sort();
  memo.set(document, { schema, types: result });
  return result;
}

