import type { EntityView } from '@marquee/platform';
import type { Category } from './entities/Category.js';
import type { Product } from './entities/Product.js';

/** What resolvers receive (ADR 0027): read paths return views, mutations their entities (which fit). */
export type CategoryView = EntityView<Category>;
export type ProductView = EntityView<Product>;
