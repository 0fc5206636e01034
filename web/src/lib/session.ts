import { print } from 'graphql';
import { graphql } from '../gql';

/**
 * The signed-in session: an access token (short-lived, sent as Authorization) and a single-use
 * refresh token. Refreshing rotates both; one refresh runs at a time so a rotated token is never
 * presented twice (which the API treats as theft and answers by revoking the whole family).
 */
export type Role = 'SUPER_ADMIN' | 'ADMIN' | 'MODERATOR' | 'USER';

export interface SessionUser {
  id: string;
  name: string;
  email: string;
  role: Role;
}

export interface Session {
  accessToken: string;
  refreshToken: string;
  /** Epoch milliseconds when the access token expires. */
  expiresAt: number;
  user: SessionUser;
}

export interface AuthPayload {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user: SessionUser;
}

const STORAGE_KEY = 'marquee.session';
/** Refresh this long before the access token expires. */
export const REFRESH_MARGIN_MS = 60_000;

let current: Session | null = read();
const listeners = new Set<() => void>();
let graphqlUrl = '';
let refreshing: Promise<Session | null> | null = null;

function read(): Session | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

export function configureSession(url: string): void {
  graphqlUrl = url;
}

export function getSession(): Session | null {
  return current;
}

export function onSessionChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function write(session: Session | null): void {
  current = session;
  if (session) localStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  else localStorage.removeItem(STORAGE_KEY);
  for (const listener of listeners) listener();
}

export function startSession(payload: AuthPayload): Session {
  const session = {
    accessToken: payload.accessToken,
    refreshToken: payload.refreshToken,
    expiresAt: Date.now() + payload.expiresIn * 1000,
    user: payload.user,
  };
  write(session);
  return session;
}

export const hasRole = (session: Session | null, role: Role): boolean => {
  const order: Role[] = ['USER', 'MODERATOR', 'ADMIN', 'SUPER_ADMIN'];
  return !!session && order.indexOf(session.user.role) >= order.indexOf(role);
};

async function post<T>(document: Parameters<typeof print>[0], variables: Record<string, unknown>): Promise<{ data?: T; errors?: { extensions?: { code?: string } }[] }> {
  const response = await fetch(graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: print(document), variables }),
  });
  return (await response.json()) as { data?: T; errors?: { extensions?: { code?: string } }[] };
}

const REFRESH = graphql(`
  mutation Refresh($refreshToken: String!) {
    refreshToken(refreshToken: $refreshToken) { accessToken refreshToken expiresIn user { id name email role } }
  }
`);

/** Trades the refresh token for a new pair; a refused token ends the session (sign in again). */
export function refreshSession(): Promise<Session | null> {
  if (refreshing) return refreshing;
  const session = current;
  if (!session) return Promise.resolve(null);
  refreshing = (async () => {
    try {
      const result = await post<{ refreshToken: AuthPayload }>(REFRESH, { refreshToken: session.refreshToken });
      // Signed out (or in as someone else) meanwhile: the answer must not bring the old session back.
      if (current !== session) return current;
      if (result.data?.refreshToken) return startSession(result.data.refreshToken);
      const code = result.errors?.[0]?.extensions?.code;
      // A network or server problem keeps the session for the next try; a refused token ends it.
      if (code === 'UNAUTHENTICATED' || code === 'BAD_USER_INPUT') write(null);
      return current;
    } catch {
      return current;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

/** The access token to send now, refreshed first when it is about to expire. */
export async function freshAccessToken(): Promise<string | undefined> {
  if (current && current.expiresAt - Date.now() < REFRESH_MARGIN_MS) await refreshSession();
  return current?.accessToken;
}

const LOGOUT = graphql(`
  mutation Logout($refreshToken: String!) {
    logout(refreshToken: $refreshToken)
  }
`);

/** Revokes this device's refresh token family on the server, then forgets the session. */
export async function signOut(): Promise<void> {
  // A refresh in flight rotates the token: wait for it so the newest one is the one revoked.
  if (refreshing) await refreshing;
  const session = current;
  write(null);
  if (session) await post(LOGOUT, { refreshToken: session.refreshToken }).catch(() => undefined);
}

export function endSession(): void {
  write(null);
}
