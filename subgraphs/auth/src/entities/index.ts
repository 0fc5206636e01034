import { RefreshTokenSchema } from './RefreshToken.js';
import { UserSchema } from './User.js';

export const entities = [UserSchema, RefreshTokenSchema];
