import type { EntityManager } from '@mikro-orm/postgresql';
import { FoodCategory } from './entities/FoodCategory.js';
import { MenuItem } from './entities/MenuItem.js';
import { Restaurant } from './entities/Restaurant.js';

interface DemoRestaurant {
  name: string;
  address: string;
  phone: string;
  menu: Record<string, { name: string; description: string; price: string; available?: boolean }[]>;
}

/** Demo restaurants with their menus, by category. Never created in production. */
export const DEMO_RESTAURANTS: DemoRestaurant[] = [
  {
    name: 'Marquee Snack Bar',
    address: 'Lobby, Marquee Cinema, 1 Projector Street',
    phone: '+1 555 0100',
    menu: {
      Snacks: [
        { name: 'Popcorn, large', description: 'Salted, popped in house', price: '7.50' },
        { name: 'Popcorn, small', description: 'Salted, popped in house', price: '4.50' },
        { name: 'Nachos', description: 'With cheese sauce and jalapeños', price: '6.90' },
      ],
      Drinks: [
        { name: 'Cola', description: '0.5 l', price: '3.50' },
        { name: 'Sparkling water', description: '0.5 l', price: '2.80' },
        { name: 'Milkshake', description: 'Vanilla or chocolate', price: '5.20', available: false },
      ],
    },
  },
  {
    name: 'Reel Pizza',
    address: '3 Projector Street',
    phone: '+1 555 0142',
    menu: {
      Pizza: [
        { name: 'Margherita', description: 'Tomato, mozzarella, basil', price: '11.00' },
        { name: 'Diavola', description: 'Spicy salami, chili', price: '13.50' },
      ],
      Desserts: [{ name: 'Tiramisu', description: 'Made daily', price: '5.90' }],
    },
  },
];

/** Adds the demo restaurants that are missing (by name); running it twice changes nothing. */
export async function seedFood(em: EntityManager): Promise<number> {
  let created = 0;
  for (const demo of DEMO_RESTAURANTS) {
    if (await em.findOne(Restaurant, { name: demo.name })) continue;
    const restaurant = Object.assign(new Restaurant(), { name: demo.name, address: demo.address, phone: demo.phone });
    em.persist(restaurant);
    for (const [categoryName, items] of Object.entries(demo.menu)) {
      const category = Object.assign(new FoodCategory(), { restaurant, name: categoryName });
      em.persist(category);
      for (const item of items) {
        em.persist(Object.assign(new MenuItem(), { restaurant, category, ...item, available: item.available ?? true }));
      }
    }
    await em.flush();
    created += 1;
  }
  return created;
}
