import type { EntityManager } from '@mikro-orm/postgresql';
import { conflict, forbidden, hasRole, isUuid, notFound, unauthenticated, type AuthUser } from '@marquee/platform';
import { RefreshToken } from '../entities/RefreshToken.js';
import { User } from '../entities/User.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { validateNewUser } from './users.js';

/** Roles only a SUPER_ADMIN may take away (by demotion or deletion). */
const PRIVILEGED = ['SUPER_ADMIN', 'ADMIN'];

/** Ends every refresh token family of the user (every device's session). */
export async function revokeAllRefreshTokens(em: EntityManager, userId: string): Promise<void> {
  await em.nativeUpdate(RefreshToken, { user: userId, revokedAt: null }, { revokedAt: new Date() });
}

/**
 * The signed-in user changes their password after proving the current one. Every refresh token
 * of theirs is revoked in the same transaction; the caller then revokes their access tokens and
 * signs this device in again.
 */
export async function changePassword(
  em: EntityManager,
  caller: AuthUser,
  input: { currentPassword: string; newPassword: string },
  checkCurrent: (user: User) => Promise<boolean>,
): Promise<User> {
  const user = await em.findOne(User, { id: caller.id }, { populate: ['passwordHash'] });
  if (!user) throw unauthenticated('This account no longer exists.');
  const { password } = validateNewUser({ email: user.email, name: user.name, password: input.newPassword });
  if (!(await checkCurrent(user))) throw unauthenticated('The current password is wrong.');
  user.passwordHash = await hashPassword(password);
  await em.transactional(async (tx) => {
    tx.persist(user);
    await revokeAllRefreshTokens(tx, user.id);
  });
  return user;
}

export const currentPasswordMatches = (user: User, password: string) => verifyPassword(user.passwordHash, password);

/**
 * A user deletes their own account, or an ADMIN deletes another (a privileged one only by a
 * SUPER_ADMIN; never the last SUPER_ADMIN). Refresh tokens go with the row (cascade).
 */
export async function deleteUser(em: EntityManager, actor: AuthUser, userId: string): Promise<string> {
  const self = actor.id === userId;
  if (!self && !hasRole(actor.role, 'ADMIN')) throw forbidden();
  if (!isUuid(userId)) throw notFound('No user has this id.');
  return em.transactional(async (tx) => {
    const user = await tx.findOne(User, { id: userId });
    if (!user) throw notFound('No user has this id.');
    if (!self && PRIVILEGED.includes(user.role) && actor.role !== 'SUPER_ADMIN') {
      throw forbidden('Only a SUPER_ADMIN may delete an ADMIN or SUPER_ADMIN.');
    }
    if (user.role === 'SUPER_ADMIN' && (await tx.count(User, { role: 'SUPER_ADMIN' })) <= 1) {
      throw conflict('The last SUPER_ADMIN cannot be deleted.');
    }
    await tx.nativeDelete(User, { id: user.id });
    return user.id;
  });
}
