/**
 * The web app in real Chromium browsers against the real supergraph: people sign in, book seats
 * while others watch them go, order food to their seats and follow it as the kitchen moves it on.
 */
import type { Page } from 'playwright-core';
import { signUp, type SignedIn } from '../../test/support/users.js';
import { startWebTestStack, signInThroughForm, type WebTestStack } from './support/web-stack.js';
import { waitUntil } from './support/wait.js';

let env: WebTestStack;
let showingId: string;
let restaurant: { id: string; name: string; itemName: string };

const screenshot = async (page: Page, name: string) => {
  // UPDATE_SCREENSHOTS=1 refreshes the README's pictures from this run.
  if (process.env.UPDATE_SCREENSHOTS) await page.screenshot({ path: `docs/screenshots/${name}.png` });
};

beforeAll(async () => {
  env = await startWebTestStack();
  const showings = await env.stack.graphql<{ showings: { edges: { node: { id: string } }[] } }>('{ showings(first: 1) { edges { node { id } } } }');
  showingId = showings.body.data!.showings.edges[0]!.node.id;
  const restaurants = await env.stack.graphql<{ restaurants: { edges: { node: { id: string; name: string; menu: { name: string; available: boolean }[] } }[] } }>(
    '{ restaurants(first: 1) { edges { node { id name menu { name available } } } } }',
  );
  const node = restaurants.body.data!.restaurants.edges[0]!.node;
  restaurant = { id: node.id, name: node.name, itemName: node.menu.find((item) => item.available)!.name };
}, 240_000);

afterAll(async () => {
  await env?.stop();
});

const orderCount = async (user: SignedIn): Promise<number> => {
  const response = await env.stack.graphql<{ myOrders: { totalCount: number } }>('{ myOrders(first: 1) { totalCount } }', undefined, user.accessToken);
  return response.body.data!.myOrders.totalCount;
};

it('a wrong password shows what went wrong and keeps the person signed out', async () => {
  const user = await signUp(env.stack);
  const { page, context } = await env.newUser({ phone: true });
  await page.goto(`${env.web.url}/signin`);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').filter({ hasText: 'The email or password is wrong.' }).waitFor();
  expect(await page.getByTestId('signed-in-as').count()).toBe(0);
  await screenshot(page, 'sign-in-error');
  await context.close();
});

it('books seats while another browser sees them taken, orders food to them and follows the kitchen live', async () => {
  const customer = await signUp(env.stack, 'USER', 'Casey Customer');
  const other = await signUp(env.stack, 'USER', 'Olive Other');
  const alice = await env.newUser();
  const bob = await env.newUser({ phone: true });
  const staff = await env.newUser();
  await signInThroughForm(alice.page, env.web.url, customer.email, customer.password);
  await signInThroughForm(bob.page, env.web.url, other.email, other.password);
  await signInThroughForm(staff.page, env.web.url, 'staff@marquee.local', 'marquee-staff');

  await alice.page.goto(env.web.url);
  await alice.page.getByRole('heading', { name: 'Now showing' }).waitFor();
  await alice.page.locator('li.card').first().waitFor();
  await screenshot(alice.page, 'movies');

  // Both look at the same showing's seat map.
  await alice.page.goto(`${env.web.url}/showings/${showingId}`);

  await bob.page.goto(`${env.web.url}/showings/${showingId}`);
  const free = alice.page.locator('[data-seat][data-available="true"]');
  await free.first().waitFor();
  const seats = [await free.nth(0).getAttribute('data-seat'), await free.nth(1).getAttribute('data-seat')] as string[];
  await bob.page.locator(`[data-seat="${seats[0]}"][data-available="true"]`).waitFor();

  await alice.page.locator(`[data-seat="${seats[0]}"]`).click();
  await alice.page.locator(`[data-seat="${seats[1]}"]`).click();
  await screenshot(alice.page, 'seat-map');
  await alice.page.getByRole('button', { name: 'Book 2 seats' }).click();
  await alice.page.getByTestId('booking-number').waitFor();

  // The other browser sees both seats become unavailable without doing anything.
  for (const seat of seats) await bob.page.locator(`[data-seat="${seat}"][data-available="false"]`).waitFor({ timeout: 30_000 });
  expect(await bob.page.locator(`[data-seat="${seats[0]}"]`).isDisabled()).toBe(true);

  // Order food to that booking.
  await alice.page.getByRole('link', { name: 'Order food to your seats' }).click();
  await alice.page.getByRole('link', { name: restaurant.name }).click();
  await alice.page.getByRole('button', { name: `One more ${restaurant.itemName}` }).click();
  await alice.page.getByRole('button', { name: `One more ${restaurant.itemName}` }).click();
  // The booking arrives with the person's bookings list, a moment after the menu.
  await waitUntil('the booking is chosen for delivery', async () => (await alice.page.getByLabel('Deliver to').inputValue()) !== '');
  await screenshot(alice.page, 'menu');
  await alice.page.getByRole('button', { name: 'Place order' }).click();
  await alice.page.getByRole('link', { name: 'Follow its status' }).click();
  const status = alice.page.getByTestId('order-status');
  await status.filter({ hasText: 'PENDING' }).waitFor();

  // The kitchen screen shows it and moves it along; the customer sees every step live.
  await staff.page.goto(`${env.web.url}/kitchen/${restaurant.id}`);
  const ticket = staff.page.getByRole('listitem', { name: /Casey Customer/ });
  for (const [button, next] of [
    ['Confirm', 'CONFIRMED'],
    ['Start preparing', 'PREPARING'],
    ['Mark ready', 'READY'],
    ['Mark delivered', 'DELIVERED'],
  ] as const) {
    if (next === 'PREPARING') await screenshot(staff.page, 'kitchen');
    await ticket.getByRole('button', { name: button }).click();
    await status.filter({ hasText: next }).waitFor({ timeout: 30_000 });
  }
  await screenshot(alice.page, 'my-orders');
  expect(await orderCount(customer)).toBe(1);
  for (const browser of [alice, bob, staff]) await browser.context.close();
}, 180_000);

it('a double-clicked order places one order', async () => {
  const customer = await signUp(env.stack);
  const { page, context } = await env.newUser();
  await signInThroughForm(page, env.web.url, customer.email, customer.password);
  let started = 0;
  let finished = 0;
  const isOrder = (postData: string | null) => (postData ?? '').includes('PlaceOrder');
  page.on('request', (request) => void (isOrder(request.postData()) && (started += 1)));
  page.on('requestfinished', (request) => void (isOrder(request.postData()) && (finished += 1)));

  await page.goto(`${env.web.url}/restaurants/${restaurant.id}`);
  await page.getByRole('button', { name: `One more ${restaurant.itemName}` }).click();
  await page.getByRole('button', { name: 'Place order' }).dblclick();
  await page.getByRole('link', { name: 'Follow its status' }).waitFor();
  await waitUntil('every order request has been answered', () => started > 0 && finished === started);
  expect(await orderCount(customer)).toBe(1);
  await context.close();
}, 120_000);

it('an admin adds a movie, a restaurant and a menu item that customers then see', async () => {
  const { page, context } = await env.newUser();
  await signInThroughForm(page, env.web.url, 'admin@marquee.local', 'marquee-admin');
  await page.getByRole('link', { name: 'Admin' }).click();
  const newMovie = page.getByRole('region', { name: 'New movie' });
  await newMovie.getByLabel('Title').fill('The Browser Test');
  await newMovie.getByLabel('Genre').fill('Documentary');
  await newMovie.getByLabel('Duration (minutes)').fill('95');
  await newMovie.getByRole('button', { name: 'Create movie' }).click();
  await newMovie.getByText('Created “The Browser Test”.').waitFor();

  const newRestaurant = page.getByRole('region', { name: 'New restaurant' });
  await newRestaurant.getByLabel('Name').fill('Test Diner');
  await newRestaurant.getByLabel('Address').fill('2 Screen Lane');
  await newRestaurant.getByRole('button', { name: 'Create restaurant' }).click();
  await newRestaurant.getByText('Created “Test Diner”.').waitFor();

  const newItem = page.getByRole('region', { name: 'New menu item' });
  await newItem.getByLabel('Restaurant').selectOption({ label: 'Test Diner' });
  await newItem.getByLabel('Name').fill('Nachos');
  await newItem.getByLabel('Price (e.g. 4.50)').fill('6.75');
  await newItem.getByRole('button', { name: 'Add menu item' }).click();
  await newItem.getByText('Added “Nachos”.').waitFor();
  await screenshot(page, 'admin');

  // A customer (anonymous here) finds both.
  await page.goto(`${env.web.url}/`);
  await page.getByRole('link', { name: 'The Browser Test' }).waitFor();
  await page.goto(`${env.web.url}/restaurants`);
  await page.getByRole('link', { name: 'Test Diner' }).click();
  await page.getByText('Nachos').waitFor();
  await page.getByText('$6.75').waitFor();
  await context.close();
}, 120_000);
