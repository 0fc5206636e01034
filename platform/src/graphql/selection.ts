import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/** True when `selections` (fragments followed) ask for a field named `name` directly. */
function selectsIn(selections: SelectionSetNode | undefined, name: string, info: GraphQLResolveInfo, seen: Set<string>): boolean {
  for (const selection of selections?.selections ?? []) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value === name) return true;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      if (selectsIn(selection.selectionSet, name, info, seen)) return true;
    } else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      if (selectsIn(info.fragments[selection.name.value]?.selectionSet, name, info, seen)) return true;
    }
  }
  return false;
}

/**
 * Whether the operation selects `name` on the value this resolver returns (through fragments
 * too; `@skip`/`@include` are not evaluated, so a skipped field still counts as selected). Lets
 * a list skip work nobody asked for, such as counting the rows behind `totalCount`.
 */
export function selectsField(info: GraphQLResolveInfo, name: string): boolean {
  const seen = new Set<string>();
  return info.fieldNodes.some((node) => selectsIn(node.selectionSet, name, info, seen));
}

/** The selection sets of the fields named `name` within `sets` (fragments followed), and whether any was found. */
function fieldsNamed(sets: readonly SelectionSetNode[], name: string, info: GraphQLResolveInfo): { found: boolean; sets: SelectionSetNode[] } {
  const inner: SelectionSetNode[] = [];
  let found = false;
  const visit = (set: SelectionSetNode, seen: Set<string>) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value !== name) continue;
        found = true;
        if (selection.selectionSet) inner.push(selection.selectionSet);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet, seen);
      } else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = info.fragments[selection.name.value];
        if (fragment) visit(fragment.selectionSet, seen);
      }
    }
  };
  for (const set of sets) visit(set, new Set());
  return { found, sets: inner };
}

/** Answers per list field (graphql-js hands every item the same `fieldNodes`), so a page of parents walks once. */
const answered = new WeakMap<object, Map<string, boolean>>();

/**
 * A predicate for dot paths (`showing.movie`) below `under` (`['edges', 'node']`) of this field's
 * selection: true when the operation selects that field there (through fragments; `@skip` and
 * `@include` are not evaluated). Lets a list read the many-to-ones its nodes' fields will follow
 * in its own statement, and only those.
 */
export function selectedBelow(info: GraphQLResolveInfo, under: readonly string[]): (path: string) => boolean {
  let cache = answered.get(info.fieldNodes);
  if (!cache) {
    cache = new Map();
    answered.set(info.fieldNodes, cache);
  }
  const known = cache;
  return (path) => {
    const key = `${under.join('.')}|${path}`;
    const hit = known.get(key);
    if (hit !== undefined) return hit;
    let sets = info.fieldNodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
    let found = true;
    for (const name of [...under, ...path.split('.')]) {
      const next = fieldsNamed(sets, name, info);
      found = next.found;
      if (!found) break;
      sets = next.sets;
    }
    known.set(key, found);
    return found;
  };
}
