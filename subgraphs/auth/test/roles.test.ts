import { errorCodes, startTestStack, type TestStack } from '../../../test/support/stack.js';
import { login, signUp, superAdminEnv, TEST_SUPER_ADMIN } from '../../../test/support/users.js';

const UPDATE_ROLE = 'mutation ($id: ID!, $role: Role!) { updateUserRole(userId: $id, role: $role) { id role } }';
const USERS = '{ users(first: 2) { totalCount edges { cursor node { id email } } pageInfo { hasNextPage endCursor } } }';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ env: superAdminEnv });
});
afterAll(() => stack.stop());

describe('user listing', () => {
  it('is for ADMIN and up: anonymous is UNAUTHENTICATED, USER and MODERATOR are FORBIDDEN', async () => {
    const user = await signUp(stack, 'USER');
    const moderator = await signUp(stack, 'MODERATOR');
    expect(errorCodes(await stack.graphql(USERS))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await stack.graphql(USERS, {}, user.accessToken))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await stack.graphql(USERS, {}, moderator.accessToken))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await stack.graphql('query ($id: ID!) { user(id: $id) { id } }', { id: user.id }, user.accessToken))).toEqual([
      'FORBIDDEN',
    ]);
  });

  it('pages through every user with cursors', async () => {
    const admin = await signUp(stack, 'ADMIN');
    await Promise.all([signUp(stack), signUp(stack), signUp(stack)]);
    const first = await stack.graphql<{ users: { totalCount: number; edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } }>(
      USERS,
      {},
      admin.accessToken,
    );
    const page = first.body.data?.users;
    expect(page?.edges).toHaveLength(2);
    expect(page?.pageInfo.hasNextPage).toBe(true);
    const seen = new Set(page?.edges.map((edge) => edge.node.id));
    let after: string | null | undefined = page?.pageInfo.endCursor;
    while (after) {
      type Page = { users: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
      const next: Awaited<ReturnType<typeof stack.graphql<Page>>> = await stack.graphql<Page>(
        'query ($after: String) { users(first: 2, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }',
        { after },
        admin.accessToken,
      );
      for (const edge of next.body.data?.users.edges ?? []) {
        expect(seen.has(edge.node.id)).toBe(false);
        seen.add(edge.node.id);
      }
      after = next.body.data?.users.pageInfo.hasNextPage ? next.body.data.users.pageInfo.endCursor : null;
    }
    expect(seen.size).toBe(page?.totalCount);
  });

  it('refuses a page size over 100 and a made-up cursor with BAD_USER_INPUT', async () => {
    const admin = await signUp(stack, 'ADMIN');
    const tooMany = await stack.graphql('{ users(first: 101) { totalCount } }', {}, admin.accessToken);
    expect(tooMany.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    const badCursor = await stack.graphql('{ users(after: "nonsense") { totalCount } }', {}, admin.accessToken);
    expect(badCursor.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });
});

describe('updateUserRole', () => {
  it('lets an ADMIN make a user MODERATOR, and the next token carries the role', async () => {
    const admin = await signUp(stack, 'ADMIN');
    const user = await signUp(stack, 'USER');
    const changed = await stack.graphql(UPDATE_ROLE, { id: user.id, role: 'MODERATOR' }, admin.accessToken);
    expect(changed.body.data).toEqual({ updateUserRole: { id: user.id, role: 'MODERATOR' } });
    const again = await login(stack, user.email, user.password);
    const me = await stack.graphql('{ me { role } }', {}, again.accessToken);
    expect(me.body.data).toEqual({ me: { role: 'MODERATOR' } });
  });

  it('lets only a SUPER_ADMIN grant or remove ADMIN', async () => {
    const admin = await signUp(stack, 'ADMIN');
    const otherAdmin = await signUp(stack, 'ADMIN');
    const user = await signUp(stack, 'USER');
    expect(errorCodes(await stack.graphql(UPDATE_ROLE, { id: user.id, role: 'ADMIN' }, admin.accessToken))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await stack.graphql(UPDATE_ROLE, { id: otherAdmin.id, role: 'USER' }, admin.accessToken))).toEqual([
      'FORBIDDEN',
    ]);
    const root = await login(stack, TEST_SUPER_ADMIN.email, TEST_SUPER_ADMIN.password);
    const granted = await stack.graphql(UPDATE_ROLE, { id: user.id, role: 'ADMIN' }, root.accessToken);
    expect(granted.body.data).toEqual({ updateUserRole: { id: user.id, role: 'ADMIN' } });
  });

  it('refuses a USER or MODERATOR, an unknown user, and demoting the last SUPER_ADMIN', async () => {
    const moderator = await signUp(stack, 'MODERATOR');
    const user = await signUp(stack, 'USER');
    expect(errorCodes(await stack.graphql(UPDATE_ROLE, { id: user.id, role: 'MODERATOR' }, moderator.accessToken))).toEqual([
      'FORBIDDEN',
    ]);
    const root = await login(stack, TEST_SUPER_ADMIN.email, TEST_SUPER_ADMIN.password);
    const unknown = await stack.graphql(UPDATE_ROLE, { id: '00000000-0000-4000-8000-000000000000', role: 'USER' }, root.accessToken);
    expect(errorCodes(unknown)).toEqual(['NOT_FOUND']);
    const selfDemotion = await stack.graphql(UPDATE_ROLE, { id: root.id, role: 'ADMIN' }, root.accessToken);
    expect(errorCodes(selfDemotion)).toEqual(['CONFLICT']);
  });
});

describe('email visibility', () => {
  it('shows a user their own email and staff anyone’s, and refuses others', async () => {
    const user = await signUp(stack, 'USER');
    const admin = await signUp(stack, 'ADMIN');
    const byAdmin = await stack.graphql('query ($id: ID!) { user(id: $id) { email } }', { id: user.id }, admin.accessToken);
    expect(byAdmin.body.data).toEqual({ user: { email: user.email } });
    const own = await stack.graphql('{ me { email } }', {}, user.accessToken);
    expect(own.body.data).toEqual({ me: { email: user.email } });
  });
});
