import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  badUserInput,
  conflict,
  forbidden,
  hasRole,
  notFound,
  type AuthUser,
  type Role,
} from '@marquee/platform';
import { User } from '../entities/User.js';
import { hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './passwords.js';

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_NAME_LENGTH = 100;
/** RFC 5321's limit on a forward path: no deliverable address is longer. */
export const MAX_EMAIL_LENGTH = 254;

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export interface NewUser {
  email: string;
  name: string;
  password: string;
}

/** Checks and normalizes registration input, naming the first wrong field. */
export function validateNewUser(input: NewUser): NewUser {
  const email = normalizeEmail(input.email);
  if (email.length > MAX_EMAIL_LENGTH || !EMAIL_PATTERN.test(email)) throw badUserInput('Enter a valid email address.', 'email');
  const name = input.name.trim();
  if (name.length < 1 || name.length > MAX_NAME_LENGTH) {
    throw badUserInput(`Name must be 1 to ${MAX_NAME_LENGTH} characters.`, 'name');
  }
  if (input.password.length < MIN_PASSWORD_LENGTH) {
    throw badUserInput(`Password must be at least ${MIN_PASSWORD_LENGTH} characters.`, 'password');
  }
  if (input.password.length > MAX_PASSWORD_LENGTH) {
    throw badUserInput(`Password must be at most ${MAX_PASSWORD_LENGTH} characters.`, 'password');
  }
  return { email, name, password: input.password };
}

export async function createUser(em: EntityManager, input: NewUser, role: Role = 'USER'): Promise<User> {
  const valid = validateNewUser(input);
  const user = Object.assign(new User(), {
    email: valid.email,
    name: valid.name,
    passwordHash: await hashPassword(valid.password),
    role,
  });
  em.persist(user);
  try {
    await em.flush();
  } catch (error) {
    // The unique index decides, so two registrations racing for one email cannot both win.
    if (error instanceof UniqueConstraintViolationException) {
      em.clear();
      throw conflict('An account with this email already exists.', { field: 'email' });
    }
    throw error;
  }
  return user;
}

/** Roles only a SUPER_ADMIN may grant or take away. */
const PRIVILEGED: readonly Role[] = ['SUPER_ADMIN', 'ADMIN'];

export async function changeRole(em: EntityManager, actor: AuthUser, userId: string, role: Role): Promise<User> {
  if (!hasRole(actor.role, 'ADMIN')) throw forbidden();
  return em.transactional(async (tx) => {
    const user = await tx.findOne(User, { id: userId });
    if (!user) throw notFound('No user has this id.');
    const touchesPrivileged = PRIVILEGED.includes(user.role) || PRIVILEGED.includes(role);
    if (touchesPrivileged && actor.role !== 'SUPER_ADMIN') {
      throw forbidden('Only a SUPER_ADMIN may grant or remove ADMIN or SUPER_ADMIN.');
    }
    if (user.role === 'SUPER_ADMIN' && role !== 'SUPER_ADMIN') {
      const superAdmins = await tx.count(User, { role: 'SUPER_ADMIN' });
      if (superAdmins <= 1) throw conflict('The last SUPER_ADMIN cannot be demoted.');
    }
    user.role = role;
    return user;
  });
}

/** ADMIN_EMAIL/ADMIN_PASSWORD at start: create that SUPER_ADMIN, or bring it up to date. */
export async function ensureSuperAdmin(em: EntityManager, email: string, password: string): Promise<User> {
  const existing = await em.findOne(User, { email: normalizeEmail(email) });
  if (!existing) return createUser(em, { email, name: 'Administrator', password }, 'SUPER_ADMIN');
  existing.role = 'SUPER_ADMIN';
  existing.passwordHash = await hashPassword(validateNewUser({ email, name: existing.name, password }).password);
  await em.flush();
  return existing;
}
