import { getOperationAST, GraphQLError, print } from 'graphql';
import { ErrorCode } from '@marquee/platform';
import type { LiveField } from './live-fields.js';
import { stableJson } from './stable-json.js';
import type { Caller, RunOperation } from './types.js';

/** How long a granted subscription authorization is reused for callers of the same scope, and how many are kept. */
const AUTHORIZATION_REUSE_MS = 5_000;
const AUTHORIZATION_REUSE_MAX = 10_000;

/** Refusals of the owning subgraph passed on to the subscriber as they are. */
const PASSED_ON = new Set<unknown>([ErrorCode.NOT_FOUND, ErrorCode.FORBIDDEN, ErrorCode.UNAUTHENTICATED, ErrorCode.BAD_USER_INPUT]);

const coded = (code: string, message: string) => new GraphQLError(message, { extensions: { code } });

/**
 * Asks the owning subgraph whether a caller may subscribe (the field's `@live(authorize:)`
 * operation, run as the caller). Answers are shared by callers the scope says are alike (one
 * user; one role for ROLE; anonymous callers): a thousand screens connecting at once cost one
 * check, not a thousand. In flight they are shared; a yes is kept AUTHORIZATION_REUSE_MS (every
 * event is re-checked by the subgraph anyway, so a yes reused a moment longer never shows what
 * the caller may not see).
 */
export class SubscriptionAuthorizer {
  private readonly answers = new Map<string, { answer: Promise<GraphQLError | null>; until: number }>();

  constructor(private readonly run: RunOperation) {}

  /** null when the caller may subscribe, else the error to answer with. */
  async authorize(field: LiveField, args: Record<string, unknown>, caller: Caller): Promise<GraphQLError | null> {
    if (!field.authorize) return null;
    const alike = field.scope === 'ROLE' || !caller.user ? `role:${caller.user?.role ?? 'ANONYMOUS'}` : `user:${caller.user.id}:${caller.user.role}`;
    const key = stableJson([field.name, args, alike]);
    const known = this.answers.get(key);
    if (known && known.until > Date.now()) return known.answer;
    const answer = this.check(field, args, caller);
    this.answers.set(key, { answer, until: Number.POSITIVE_INFINITY });
    if (this.answers.size > AUTHORIZATION_REUSE_MAX) this.answers.delete(this.answers.keys().next().value as string);
    const settled = await answer.catch((error: unknown) => {
      this.answers.delete(key);
      throw error;
    });
    if (settled === null) this.answers.set(key, { answer, until: Date.now() + AUTHORIZATION_REUSE_MS });
    else this.answers.delete(key);
    return settled;
  }

  private async check(field: LiveField, args: Record<string, unknown>, caller: Caller): Promise<GraphQLError | null> {
    const document = field.authorize!;
    const operation = getOperationAST(document);
    const variables: Record<string, unknown> = {};
    for (const definition of operation?.variableDefinitions ?? []) variables[definition.variable.name.value] = args[definition.variable.name.value];
    const result = await this.run({ query: print(document), variables }, caller);
    const refusal = result.errors?.[0];
    if (refusal) {
      const code = refusal.extensions?.code;
      if (PASSED_ON.has(code)) return new GraphQLError(refusal.message, { extensions: { code } });
      return coded('INTERNAL_SERVER_ERROR', 'Could not check access to this subscription. Please try again.');
    }
    const data = result.data ?? {};
    if (Object.values(data).some((value) => value === null || value === undefined)) return coded(ErrorCode.NOT_FOUND, `Nothing to subscribe to with these arguments.`);
    return null;
  }
}
