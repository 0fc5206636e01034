import type { EntityView } from '@marquee/platform';
import type { FoodCategory } from './entities/FoodCategory.js';
import type { MenuItem } from './entities/MenuItem.js';
import type { Order } from './entities/Order.js';
import type { OrderLine } from './entities/OrderLine.js';
import type { Restaurant } from './entities/Restaurant.js';

/** What resolvers receive (ADR 0027): read paths return views, mutations their entities (which fit). */
export type FoodCategoryView = EntityView<FoodCategory>;
export type MenuItemView = EntityView<MenuItem>;
export type OrderView = EntityView<Order>;
export type OrderLineView = EntityView<OrderLine>;
export type RestaurantView = EntityView<Restaurant>;
