import type { ApolloServerPlugin } from '@apollo/server';
import { getOperationAST, GraphQLError, type GraphQLSchema, type ValidationRule } from 'graphql';
import { costDirectivesOf, operationCost, type CostDirectives } from './cost.js';
import { limitExceeded } from './errors.js';
import { recordCostLimitRefusal } from '@marquee/platform';

export interface CostBudgets {
  /** Most a signed-in caller's operation may cost. */
  maxCost: number;
  /** Most an anonymous caller's operation may cost: lower, as anyone can send it. */
  maxCostAnonymous: number;
}

/** The cost directives of the supergraph the gateway serves, re-read when it changes. */
export class SupergraphCosts {
  private sdl: string | undefined;
  private directives: CostDirectives = new Map();

  update(supergraphSdl: string): void {
    if (supergraphSdl === this.sdl) return;
    this.sdl = supergraphSdl;
    this.directives = costDirectivesOf(supergraphSdl);
  }

  get(): CostDirectives {
    return this.directives;
  }
}

const tooCostly = (cost: number, budget: number, anonymous: boolean) =>
  limitExceeded(
    'cost',
    budget,
    cost,
    `The operation would cost ${cost}, over the ${anonymous ? 'anonymous ' : ''}limit of ${budget}: ask for fewer items (smaller first, fewer nested lists).${anonymous ? ' Signed-in callers have a larger budget.' : ''}`,
  );

/**
 * Refuses, with HTTP 400 before any subgraph is called, an operation whose static cost (with the
 * request's variables) is over the caller's budget: the signed-in one, or the anonymous one.
 */
export function costLimitPlugin<TContext extends { user: unknown }>(costs: SupergraphCosts, budgets: CostBudgets): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request, contextValue }) {
          if (!operation) return;
          const anonymous = !contextValue.user;
          const budget = anonymous ? budgets.maxCostAnonymous : budgets.maxCost;
          const cost = operationCost({ schema, directives: costs.get(), document, operation, variables: request.variables ?? {} });
          if (cost > budget) {
            const refusal = tooCostly(cost, budget, anonymous);
            recordCostLimitRefusal('router', 'cost');
            // Labelled as Apollo labels a refused document, so formatError shows it; limitCodes
            // gives it QUERY_TOO_COMPLEX like every other limit.
            throw new GraphQLError(refusal.message, { extensions: { ...refusal.extensions, code: 'GRAPHQL_VALIDATION_FAILED' } });
          }
        },
      };
    },
  };
}

/**
 * The same budget as a validation rule, for servers that validate documents without Apollo's
 * plugins (graphql-ws): variables are not known there, so a slicing argument given by a
 * variable without a default counts at its largest (`worstCaseSlice`).
 */
export function maxCostRule(costs: SupergraphCosts, maxCost: number, worstCaseSlice = 100): ValidationRule {
  return (context) => ({
    Document: {
      leave(document) {
        const schema: GraphQLSchema = context.getSchema();
        for (const definition of document.definitions) {
          if (definition.kind !== 'OperationDefinition') continue;
          const operation = getOperationAST(document, definition.name?.value) ?? definition;
          const cost = operationCost({ schema, directives: costs.get(), document, operation, worstCaseSlice });
          if (cost > maxCost) context.reportError(tooCostly(cost, maxCost, false));
        }
      },
    },
  });
}
