import { forbidden, unauthenticated } from '../errors.js';

/** Highest first: every role includes the rights of the roles after it. */
export const ROLES = ['SUPER_ADMIN', 'ADMIN', 'MODERATOR', 'USER'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** True when `role` is `minimum` or above it. */
export function hasRole(role: Role, minimum: Role): boolean {
  return ROLES.indexOf(role) <= ROLES.indexOf(minimum);
}

/** The verified caller of a request, taken from the access token. */
export interface AuthUser {
  id: string;
  role: Role;
  tokenId: string;
  expiresAt: Date;
}

export function requireUser(user: AuthUser | null): AuthUser {
  if (!user) throw unauthenticated();
  return user;
}

export function requireRole(user: AuthUser | null, minimum: Role): AuthUser {
  const signedIn = requireUser(user);
  if (!hasRole(signedIn.role, minimum)) throw forbidden();
  return signedIn;
}

/** Staff (MODERATOR and up) see everyone's bookings and orders. */
export const isStaff = (user: AuthUser | null): boolean => user !== null && hasRole(user.role, 'MODERATOR');
