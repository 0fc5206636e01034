import { randomBytes } from 'node:crypto';
import type { Role } from '@marquee/platform';
import type { TestStack } from './stack.js';

/** The SUPER_ADMIN every test stack bootstraps through ADMIN_EMAIL/ADMIN_PASSWORD. */
export const TEST_SUPER_ADMIN = { email: 'root@test.local', password: 'root-password-for-tests' };
export const superAdminEnv = { ADMIN_EMAIL: TEST_SUPER_ADMIN.email, ADMIN_PASSWORD: TEST_SUPER_ADMIN.password };

export interface SignedIn {
  id: string;
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
}

const AUTH_FIELDS = 'accessToken refreshToken expiresIn user { id email name role }';

interface AuthPayloadData {
  accessToken: string;
  refreshToken: string;
  user: { id: string; email: string; role: Role };
}

export async function login(stack: TestStack, email: string, password: string): Promise<SignedIn> {
  const response = await stack.graphql<{ login: AuthPayloadData }>(
    `mutation ($input: LoginInput!) { login(input: $input) { ${AUTH_FIELDS} } }`,
    { input: { email, password } },
  );
  const payload = response.body.data?.login;
  if (!payload) throw new Error(`login failed: ${JSON.stringify(response.body.errors)}`);
  return { id: payload.user.id, email, password, accessToken: payload.accessToken, refreshToken: payload.refreshToken };
}

/** Registers a fresh user and, for another role, has the super admin grant it and signs in again. */
export async function signUp(stack: TestStack, role: Role = 'USER', name = 'Test User'): Promise<SignedIn> {
  const email = `user-${randomBytes(5).toString('hex')}@test.local`;
  const password = 'correct horse battery';
  const response = await stack.graphql<{ register: AuthPayloadData }>(
    `mutation ($input: RegisterInput!) { register(input: $input) { ${AUTH_FIELDS} } }`,
    { input: { email, name, password } },
  );
  const payload = response.body.data?.register;
  if (!payload) throw new Error(`register failed: ${JSON.stringify(response.body.errors)}`);
  if (role === 'USER') {
    return { id: payload.user.id, email, password, accessToken: payload.accessToken, refreshToken: payload.refreshToken };
  }
  const root = await login(stack, TEST_SUPER_ADMIN.email, TEST_SUPER_ADMIN.password);
  const granted = await stack.graphql(
    'mutation ($id: ID!, $role: Role!) { updateUserRole(userId: $id, role: $role) { role } }',
    { id: payload.user.id, role },
    root.accessToken,
  );
  if (granted.body.errors) throw new Error(`role change failed: ${JSON.stringify(granted.body.errors)}`);
  return login(stack, email, password);
}
