import { OutboxEventSchema } from '@marquee/platform';
import { FoodCategorySchema } from './FoodCategory.js';
import { MenuItemSchema } from './MenuItem.js';
import { OrderSchema } from './Order.js';
import { OrderLineSchema } from './OrderLine.js';
import { RestaurantSchema } from './Restaurant.js';

export const entities = [RestaurantSchema, FoodCategorySchema, MenuItemSchema, OrderSchema, OrderLineSchema, OutboxEventSchema];
