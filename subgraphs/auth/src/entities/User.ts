import { randomUUID } from 'node:crypto';
import { EntitySchema } from '@mikro-orm/core';
import { ROLES, type Role } from '@marquee/platform';

export class User {
  id: string = randomUUID();
  email!: string;
  name!: string;
  /** argon2id hash; never returned, never logged. */
  passwordHash!: string;
  role: Role = 'USER';
  createdAt: Date = new Date();
  updatedAt: Date = new Date();
}

export const UserSchema = new EntitySchema<User>({
  class: User,
  tableName: 'users',
  properties: {
    id: { type: 'uuid', primary: true },
    email: { type: 'text', unique: 'users_email_unique' },
    name: { type: 'text' },
    passwordHash: { type: 'text', lazy: true },
    // An enum property: MikroORM keeps a CHECK constraint over ROLES in the database.
    role: { enum: true, items: () => [...ROLES] },
    createdAt: { type: 'datetime', defaultRaw: 'now()' },
    updatedAt: { type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() },
  },
});
