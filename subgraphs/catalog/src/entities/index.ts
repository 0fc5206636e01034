import { OutboxEventSchema } from '@marquee/platform';
import { CategorySchema } from './Category.js';
import { ProductSchema } from './Product.js';

export const entities = [CategorySchema, ProductSchema, OutboxEventSchema];
