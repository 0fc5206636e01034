import type { EntityManager } from '@mikro-orm/postgresql';
import type { Role } from '@marquee/platform';
import { User } from './entities/User.js';
import { createUser } from './services/users.js';

/** Development logins, listed in the README. Never created in production. */
export const DEMO_USERS: { email: string; name: string; password: string; role: Role }[] = [
  { email: 'admin@marquee.local', name: 'Ada Admin', password: 'marquee-admin', role: 'ADMIN' },
  { email: 'staff@marquee.local', name: 'Sam Staff', password: 'marquee-staff', role: 'MODERATOR' },
  { email: 'user@marquee.local', name: 'Uma User', password: 'marquee-user', role: 'USER' },
];

/** Adds the demo users that are missing; running it twice changes nothing. */
export async function seedAuth(em: EntityManager): Promise<number> {
  let created = 0;
  for (const demo of DEMO_USERS) {
    if (await em.findOne(User, { email: demo.email })) continue;
    await createUser(em, demo, demo.role);
    created += 1;
  }
  return created;
}
