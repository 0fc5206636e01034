import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { badUserInput, conflict, notFound } from '@marquee/platform';
import { FoodCategory } from '../entities/FoodCategory.js';
import { MenuItem } from '../entities/MenuItem.js';
import { Restaurant } from '../entities/Restaurant.js';
import type {
  CreateFoodCategoryInput,
  CreateMenuItemInput,
  CreateRestaurantInput,
  UpdateMenuItemInput,
} from '../__generated__/resolvers-types.js';
import { optionalText, price, requiredId, requiredText } from './validation.js';

/** Restaurants and menus: managed by ADMIN and up (checked by the resolvers). */
export async function createRestaurant(em: EntityManager, input: CreateRestaurantInput): Promise<Restaurant> {
  const restaurant = Object.assign(new Restaurant(), {
    name: requiredText(input.name, 'name'),
    address: requiredText(input.address, 'address', 500),
    phone: optionalText(input.phone, 'phone', 40),
  });
  await em.persist(restaurant).flush();
  return restaurant;
}

async function restaurantOf(em: EntityManager, id: string): Promise<Restaurant> {
  const restaurant = await em.findOne(Restaurant, { id: requiredId(id, 'restaurantId') });
  if (!restaurant) throw badUserInput('No restaurant has this id.', 'restaurantId');
  return restaurant;
}

/** The category, which must belong to the restaurant of the item. */
async function categoryOf(em: EntityManager, id: string, restaurantId: string): Promise<FoodCategory> {
  const category = await em.findOne(FoodCategory, { id: requiredId(id, 'categoryId'), restaurant: restaurantId });
  if (!category) throw badUserInput('This restaurant has no category with this id.', 'categoryId');
  return category;
}

export async function createFoodCategory(em: EntityManager, input: CreateFoodCategoryInput): Promise<FoodCategory> {
  const restaurant = await restaurantOf(em, input.restaurantId);
  const category = Object.assign(new FoodCategory(), {
    restaurant: em.getReference(Restaurant, restaurant.id, { wrapped: true }),
    name: requiredText(input.name, 'name', 100),
    description: optionalText(input.description, 'description'),
  });
  try {
    await em.persist(category).flush();
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) {
      em.clear();
      throw conflict('This restaurant already has a category with this name.', { field: 'name' });
    }
    throw error;
  }
  return category;
}

export async function createMenuItem(em: EntityManager, input: CreateMenuItemInput): Promise<MenuItem> {
  const restaurant = await restaurantOf(em, input.restaurantId);
  const category = input.categoryId ? await categoryOf(em, input.categoryId, restaurant.id) : null;
  const item = Object.assign(new MenuItem(), {
    restaurant: em.getReference(Restaurant, restaurant.id, { wrapped: true }),
    category: category ? em.getReference(FoodCategory, category.id, { wrapped: true }) : null,
    name: requiredText(input.name, 'name'),
    description: optionalText(input.description, 'description'),
    price: price(input.price),
    available: input.available ?? true,
  });
  await em.persist(item).flush();
  return item;
}

export async function updateMenuItem(em: EntityManager, id: string, input: UpdateMenuItemInput): Promise<MenuItem> {
  const item = await em.findOne(MenuItem, { id: requiredId(id, 'id') });
  if (!item) throw notFound('No menu item has this id.');
  if (input.name !== undefined && input.name !== null) item.name = requiredText(input.name, 'name');
  if (input.description !== undefined) item.description = optionalText(input.description, 'description');
  if (input.price !== undefined && input.price !== null) item.price = price(input.price);
  if (input.available !== undefined && input.available !== null) item.available = input.available;
  if (input.categoryId !== undefined) {
    item.category = input.categoryId
      ? em.getReference(FoodCategory, (await categoryOf(em, input.categoryId, item.restaurant.id)).id, { wrapped: true })
      : null;
  }
  await em.flush();
  return item;
}
