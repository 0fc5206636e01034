/**
 * Every limit the router puts on an operation before any subgraph is called (issue 9): document
 * size (tokens, aliases, directives, depth) as validation rules and the static cost from the
 * supergraph's @cost/@listSize per caller. HTTP (Apollo) and WebSocket (graphql-ws) use these same
 * exports, so neither is the weaker path.
 */
export { documentLimitRules, type DocumentLimits } from './rules.js';
export { costLimitPlugin, maxCostRule, SupergraphCosts, type CostBudgets } from './cost-limit.js';
export { costDirectivesOf, operationCost, DEFAULT_LIST_SIZE, type CostDirectives } from './cost.js';
export { limitCodes, limitExceeded, QUERY_TOO_COMPLEX } from './errors.js';
export { operationNameRequired } from './operation-name.js';

/** Parse options for every document the router reads: parsing stops at the token limit. */
export const parseOptionsFor = (limits: { maxTokens: number }) => ({ maxTokens: limits.maxTokens });
