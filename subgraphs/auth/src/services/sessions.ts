import type { EntityManager } from '@mikro-orm/postgresql';
import { badUserInput, unauthenticated, type AuthUser, type TokenRevocations } from '@marquee/platform';
import { changePassword, currentPasswordMatches, deleteUser } from './accounts.js';
import { User } from '../entities/User.js';
import type { AccessTokenIssuer } from './access-tokens.js';
import type { LoginThrottle } from './login-throttle.js';
import { MAX_PASSWORD_LENGTH, verifyAgainstDecoy, verifyPassword } from './passwords.js';
import type { RefreshTokens } from './refresh-tokens.js';
import { createUser, MAX_EMAIL_LENGTH, normalizeEmail, type NewUser } from './users.js';

export interface AuthPayload {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user: User;
}

/** Sign-up, sign-in, token rotation and sign-out: everything that hands out or takes back tokens. */
export class Sessions {
  constructor(
    private readonly accessTokens: AccessTokenIssuer,
    private readonly refreshTokens: RefreshTokens,
    private readonly throttle: LoginThrottle,
    private readonly revocations: TokenRevocations,
    /** How long access tokens live: how long a revocation must be remembered. */
    private readonly accessTokenTtlSeconds: number,
  ) {}

  /** Every access token of the user issued until now stops working, on every instance (CONTRACTS.md §2). */
  revokeAccessTokens(userId: string): Promise<number> {
    return this.revocations.revoke(userId, this.accessTokenTtlSeconds);
  }

  private async payload(em: EntityManager, user: User, refreshToken?: string): Promise<AuthPayload> {
    const refresh = refreshToken ?? this.refreshTokens.issue(em, user);
    await em.flush();
    return { ...(await this.accessTokens.issue(user)), refreshToken: refresh, user };
  }

  async register(em: EntityManager, input: NewUser): Promise<AuthPayload> {
    const user = await createUser(em, input);
    return this.payload(em, user);
  }

  /**
   * Same answer for an unknown email and a wrong password; the throttle applies to both. The
   * guess is reserved before the password is checked (see LoginThrottle); input no account can
   * have is refused before anything is stored.
   */
  async login(em: EntityManager, input: { email: string; password: string }, clientAddress: string): Promise<AuthPayload> {
    const email = normalizeEmail(input.email);
    if (email.length > MAX_EMAIL_LENGTH) throw badUserInput(`An email address has at most ${MAX_EMAIL_LENGTH} characters.`, 'email');
    if (input.password.length > MAX_PASSWORD_LENGTH) {
      throw badUserInput(`A password has at most ${MAX_PASSWORD_LENGTH} characters.`, 'password');
    }
    const attempt = await this.throttle.reserve(email, clientAddress);
    let user: User | null;
    let valid: boolean;
    try {
      user = await em.findOne(User, { email }, { populate: ['passwordHash'] });
      valid = user ? await verifyPassword(user.passwordHash, input.password) : await verifyAgainstDecoy(input.password);
    } catch (error) {
      // Not checked (the database is down, say): the guess is given back.
      await this.throttle.release(attempt);
      throw error;
    }
    if (!user || !valid) {
      await this.throttle.failed(attempt);
      throw unauthenticated('The email or password is wrong.');
    }
    await this.throttle.succeeded(attempt);
    return this.payload(em, user);
  }

  async refresh(em: EntityManager, presented: string): Promise<AuthPayload> {
    const { user, refreshToken } = await this.refreshTokens.rotate(em, presented);
    return this.payload(em, user, refreshToken);
  }

  /**
   * Idempotent: an unknown or already revoked token still signs out (true). The user's access
   * tokens issued so far are revoked too (the token's user, else the signed-in caller).
   */
  async logout(em: EntityManager, presented: string, caller: AuthUser | null): Promise<boolean> {
    const userId = (await this.refreshTokens.revokeFamilyOf(em, presented)) ?? caller?.id;
    if (userId) await this.revokeAccessTokens(userId);
    return true;
  }

  /** The current password is a guess like a login's: throttled the same way. */
  async changePassword(
    em: EntityManager,
    caller: AuthUser,
    input: { currentPassword: string; newPassword: string },
    clientAddress: string,
  ): Promise<AuthPayload> {
    if (input.currentPassword.length > MAX_PASSWORD_LENGTH) throw unauthenticated('The current password is wrong.');
    const user = await changePassword(em, caller, input, async (found) => {
      const attempt = await this.throttle.reserve(found.email, clientAddress);
      const matches = await currentPasswordMatches(found, input.currentPassword).catch(async (error: unknown) => {
        await this.throttle.release(attempt);
        throw error;
      });
      await (matches ? this.throttle.succeeded(attempt) : this.throttle.failed(attempt));
      return matches;
    });
    await this.revokeAccessTokens(user.id);
    return this.payload(em, user);
  }

  async deleteUser(em: EntityManager, actor: AuthUser, userId: string): Promise<string> {
    const deleted = await deleteUser(em, actor, userId);
    await this.revokeAccessTokens(deleted);
    return deleted;
  }
}
