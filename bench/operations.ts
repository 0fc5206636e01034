/** The operations the bench sends, as a client of the public API would write them. */

export const PRODUCTS = `query Products($first: Int!) {
  products(first: $first) { edges { node { id name price category { name } inStock } } }
}`;

export const MY_BOOKINGS = `query MyBookings($first: Int!) {
  me { bookings(first: $first) { edges { node { bookingNumber showing { movie { title } theater { name } } } } } }
}`;

export const RESTAURANT_MENUS = `query RestaurantMenus($first: Int!) {
  restaurants(first: $first) { edges { node { name menu { name price } } } }
}`;

export const RESTAURANT_ORDER_UPDATES = `subscription Kitchen($restaurantId: ID!) {
  restaurantOrderUpdates(restaurantId: $restaurantId) { id status user { name } }
}`;

export const PLACE_ORDER = `mutation ($input: PlaceOrderInput!) { placeOrder(input: $input) { id status } }`;

export const UPDATE_ORDER_STATUS = `mutation ($id: ID!, $status: OrderStatus!) { updateOrderStatus(id: $id, status: $status) { id status } }`;

export const BOOK_SEATS = `mutation ($input: BookSeatsInput!) { bookSeats(input: $input) { id bookingNumber } }`;

/** Q2 of the side-by-side run: the caller's bookings (auth → booking) and food orders (→ food). */
export const MY_BOOKINGS_AND_ORDERS = `query MyBookingsAndOrders($bookings: Int!, $orders: Int!) {
  me {
    name
    bookings(first: $bookings) { edges { node { bookingNumber showing { movie { title } theater { name } } } } }
    orders(first: $orders) { edges { node { total status restaurant { name } } } }
  }
}`;
