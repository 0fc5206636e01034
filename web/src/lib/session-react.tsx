import { useSyncExternalStore } from 'react';
import { getSession, onSessionChange, type Session } from './session';

/** The current session, re-rendering on sign in, refresh and sign out. */
export function useSession(): Session | null {
  return useSyncExternalStore(onSessionChange, getSession);
}
