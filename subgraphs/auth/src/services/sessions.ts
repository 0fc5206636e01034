import type { EntityManager } from '@mikro-orm/postgresql';
import { unauthenticated } from '@marquee/platform';
import { User } from '../entities/User.js';
import type { AccessTokenIssuer } from './access-tokens.js';
import type { LoginThrottle } from './login-throttle.js';
import { verifyAgainstDecoy, verifyPassword } from './passwords.js';
import type { RefreshTokens } from './refresh-tokens.js';
import { createUser, normalizeEmail, type NewUser } from './users.js';

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
  ) {}

  private async payload(em: EntityManager, user: User, refreshToken?: string): Promise<AuthPayload> {
    const refresh = refreshToken ?? this.refreshTokens.issue(em, user);
    await em.flush();
    return { ...(await this.accessTokens.issue(user)), refreshToken: refresh, user };
  }

  async register(em: EntityManager, input: NewUser): Promise<AuthPayload> {
    const user = await createUser(em, input);
    return this.payload(em, user);
  }

  /** Same answer for an unknown email and a wrong password; the lock applies to both. */
  async login(em: EntityManager, input: { email: string; password: string }): Promise<AuthPayload> {
    const email = normalizeEmail(input.email);
    await this.throttle.assertNotLocked(email);
    const user = await em.findOne(User, { email }, { populate: ['passwordHash'] });
    const valid = user ? await verifyPassword(user.passwordHash, input.password) : await verifyAgainstDecoy(input.password);
    if (!user || !valid) {
      await this.throttle.recordFailure(email);
      throw unauthenticated('The email or password is wrong.');
    }
    await this.throttle.recordSuccess(email);
    return this.payload(em, user);
  }

  async refresh(em: EntityManager, presented: string): Promise<AuthPayload> {
    const { user, refreshToken } = await this.refreshTokens.rotate(em, presented);
    return this.payload(em, user, refreshToken);
  }

  /** Idempotent: an unknown or already revoked token still signs out (true). */
  async logout(em: EntityManager, presented: string): Promise<boolean> {
    await this.refreshTokens.revokeFamilyOf(em, presented);
    return true;
  }
}
