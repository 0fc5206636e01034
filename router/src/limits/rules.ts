import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  Kind,
  TokenKind,
  type ASTVisitor,
  type Token,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLError,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { limitExceeded, type LimitName } from './errors.js';

export interface DocumentLimits {
  maxTokens: number;
  maxAliases: number;
  maxDirectives: number;
  maxDepth: number;
}

const tokenCounts = new WeakMap<DocumentNode, number>();

/** Tokens of the parsed document (graphql-js links them from loc.startToken), counted once. */
function tokensOf(document: DocumentNode): number {
  const known = tokenCounts.get(document);
  if (known !== undefined) return known;
  let count = 0;
  for (let token: Token | null | undefined = document.loc?.startToken; token; token = token.next) {
    if (token.kind !== TokenKind.SOF && token.kind !== TokenKind.EOF && token.kind !== TokenKind.COMMENT) count += 1;
  }
  tokenCounts.set(document, count);
  return count;
}

/**
 * Over HTTP, parse() stops at maxTokens (parseOptions). A document parsed elsewhere (graphql-ws)
 * is counted here; a document over the limit is reported once and no other limit rule walks it,
 * so a 3,000-fragment chain cannot exhaust the stack.
 */
function maxTokensRule(max: number): ValidationRule {
  return (context) => {
    const tokens = tokensOf(context.getDocument());
    if (tokens > max) {
      context.reportError(limitExceeded('tokens', max, tokens, `The operation is longer than ${max} tokens (it has ${tokens}). Send a smaller operation.`));
    }
    return {};
  };
}

/** A limit rule that stands aside for a document already refused for its length. */
function withinTokens(max: number, rule: ValidationRule): ValidationRule {
  return (context) => (tokensOf(context.getDocument()) > max ? {} : rule(context));
}

/** GraphQL Armor's rules report through this, with our code and the numbers. */
function armorRejection(limit: LimitName, max: number, describe: (found: number) => string) {
  return (context: ValidationContext | null, error: GraphQLError) => {
    const found = Number(/found (\d+)/.exec(error.message)?.[1] ?? max + 1);
    context?.reportError(limitExceeded(limit, max, found, describe(found)));
  };
}

/** Depth of selections, fragments included; each fragment measured once (no re-walk per spread). */
function maxDepthRule(max: number): ValidationRule {
  return (context) => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
    const fragmentDepth = new Map<string, number>();
    const depth = (selectionSet: SelectionSetNode, visiting: Set<string>): number => {
      let deepest = 0;
      for (const selection of selectionSet.selections) {
        let below = 0;
        if (selection.kind === Kind.FIELD) below = selection.selectionSet ? 1 + depth(selection.selectionSet, visiting) : 1;
        else if (selection.kind === Kind.INLINE_FRAGMENT) below = depth(selection.selectionSet, visiting);
        else {
          const name = selection.name.value;
          const fragment = fragments.get(name);
          if (!fragment || visiting.has(name)) continue; // cycles are refused by graphql's own rule
          if (!fragmentDepth.has(name)) {
            visiting.add(name);
            fragmentDepth.set(name, depth(fragment.selectionSet, visiting));
            visiting.delete(name);
          }
          below = fragmentDepth.get(name) ?? 0;
        }
        deepest = Math.max(deepest, below);
      }
      return deepest;
    };
    const visitor: ASTVisitor = {
      OperationDefinition(node) {
        const found = depth(node.selectionSet, new Set());
        if (found > max) {
          context.reportError(limitExceeded('depth', max, found, `The operation is nested ${found} levels deep; at most ${max} are allowed.`));
        }
      },
    };
    return visitor;
  };
}

/**
 * The router's document limits as validation rules: the same list runs over HTTP (Apollo) and
 * over WebSocket (graphql-ws), so neither path is the weaker one. `extra` rules (e.g. one login
 * per operation) also stand aside for over-long documents.
 */
export function documentLimitRules(limits: DocumentLimits, extra: ValidationRule[] = []): ValidationRule[] {
  const guarded = (rule: ValidationRule) => withinTokens(limits.maxTokens, rule);
  return [
    maxTokensRule(limits.maxTokens),
    guarded(
      maxAliasesRule({
        n: limits.maxAliases,
        propagateOnRejection: false,
        onReject: [armorRejection('aliases', limits.maxAliases, (found) => `The operation uses ${found} aliases; at most ${limits.maxAliases} are allowed.`)],
      }) as unknown as ValidationRule,
    ),
    guarded(
      maxDirectivesRule({
        n: limits.maxDirectives,
        propagateOnRejection: false,
        onReject: [armorRejection('directives', limits.maxDirectives, (found) => `The operation uses ${found} directives; at most ${limits.maxDirectives} are allowed.`)],
      }) as unknown as ValidationRule,
    ),
    guarded(maxDepthRule(limits.maxDepth)),
    ...extra.map(guarded),
  ];
}
