/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  mutation Refresh($refreshToken: String!) {\n    refreshToken(refreshToken: $refreshToken) { accessToken refreshToken expiresIn user { id name email role } }\n  }\n": typeof types.RefreshDocument,
    "\n  mutation Logout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n": typeof types.LogoutDocument,
    "\n  query AdminData {\n    movies(first: 100) { edges { node { id title genre durationMinutes description } } }\n    theaters { id name }\n    restaurants(first: 100) { edges { node { id name menu { id name price available } } } }\n  }\n": typeof types.AdminDataDocument,
    "\n  mutation CreateMovie($input: CreateMovieInput!) {\n    createMovie(input: $input) { id title }\n  }\n": typeof types.CreateMovieDocument,
    "\n  mutation UpdateMovie($id: ID!, $input: UpdateMovieInput!) {\n    updateMovie(id: $id, input: $input) { id title genre durationMinutes description }\n  }\n": typeof types.UpdateMovieDocument,
    "\n  mutation CreateShowing($input: CreateShowingInput!) {\n    createShowing(input: $input) { id startsAt }\n  }\n": typeof types.CreateShowingDocument,
    "\n  mutation CreateRestaurant($input: CreateRestaurantInput!) {\n    createRestaurant(input: $input) { id name }\n  }\n": typeof types.CreateRestaurantDocument,
    "\n  mutation CreateMenuItem($input: CreateMenuItemInput!) {\n    createMenuItem(input: $input) { id name }\n  }\n": typeof types.CreateMenuItemDocument,
    "\n  mutation UpdateMenuItem($id: ID!, $input: UpdateMenuItemInput!) {\n    updateMenuItem(id: $id, input: $input) { id available price name }\n  }\n": typeof types.UpdateMenuItemDocument,
    "\n  query MyBookings {\n    myBookings(first: 50) {\n      totalCount\n      edges {\n        node {\n          id bookingNumber status totalPrice\n          seats { id row number }\n          showing { id startsAt movie { title } theater { name } }\n        }\n      }\n    }\n  }\n": typeof types.MyBookingsDocument,
    "\n  mutation CancelBooking($id: ID!) {\n    cancelBooking(id: $id) { id status }\n  }\n": typeof types.CancelBookingDocument,
    "\n  fragment KitchenOrderFields on Order {\n    id status total createdAt updatedAt\n    user { id name }\n    lines { name quantity }\n    booking { id bookingNumber seats { row number } showing { theater { name } } }\n  }\n": typeof types.KitchenOrderFieldsFragmentDoc,
    "\n  query RestaurantOrders($restaurantId: ID!) {\n    restaurant(id: $restaurantId) { id name }\n    restaurantOrders(restaurantId: $restaurantId, first: 100) { edges { node { ...KitchenOrderFields } } }\n  }\n": typeof types.RestaurantOrdersDocument,
    "\n  subscription RestaurantOrderUpdates($restaurantId: ID!) {\n    restaurantOrderUpdates(restaurantId: $restaurantId) { ...KitchenOrderFields }\n  }\n": typeof types.RestaurantOrderUpdatesDocument,
    "\n  mutation UpdateOrderStatus($id: ID!, $status: OrderStatus!) {\n    updateOrderStatus(id: $id, status: $status) { ...KitchenOrderFields }\n  }\n": typeof types.UpdateOrderStatusDocument,
    "\n  query Movie($id: ID!) {\n    movie(id: $id) {\n      id title genre durationMinutes description\n      showings { id startsAt price availableSeatCount theater { name } }\n    }\n  }\n": typeof types.MovieDocument,
    "\n  query Movies {\n    movies(first: 50) { totalCount edges { node { id title genre durationMinutes description } } }\n  }\n": typeof types.MoviesDocument,
    "\n  query Search($query: String!) {\n    search(query: $query, first: 20) {\n      __typename\n      ... on Movie { id title genre }\n      ... on Theater { id name address }\n      ... on Showing { id startsAt movie { title } theater { name } }\n    }\n  }\n": typeof types.SearchDocument,
    "\n  fragment MyOrderFields on Order {\n    id status total createdAt updatedAt\n    restaurant { id name }\n    lines { name quantity lineTotal }\n    booking { id bookingNumber }\n  }\n": typeof types.MyOrderFieldsFragmentDoc,
    "\n  query MyOrders {\n    myOrders(first: 50) { edges { node { ...MyOrderFields } } }\n  }\n": typeof types.MyOrdersDocument,
    "\n  subscription MyOrderUpdates {\n    myOrderUpdates { ...MyOrderFields }\n  }\n": typeof types.MyOrderUpdatesDocument,
    "\n  mutation CancelOrder($id: ID!) {\n    cancelOrder(id: $id) { ...MyOrderFields }\n  }\n": typeof types.CancelOrderDocument,
    "\n  query Restaurant($id: ID!) {\n    restaurant(id: $id) {\n      id name address phone\n      categories { id name }\n      menu { id name description price available category { id name } }\n    }\n  }\n": typeof types.RestaurantDocument,
    "\n  mutation PlaceOrder($input: PlaceOrderInput!) {\n    placeOrder(input: $input) { id status total }\n  }\n": typeof types.PlaceOrderDocument,
    "\n  query Restaurants {\n    restaurants(first: 50) { edges { node { id name address phone } } }\n  }\n": typeof types.RestaurantsDocument,
    "\n  fragment ShowingSeatFields on Showing {\n    id startsAt endsAt price availableSeatCount\n    movie { id title }\n    theater { id name }\n    seatMap { available seat { id row number type } }\n  }\n": typeof types.ShowingSeatFieldsFragmentDoc,
    "\n  query Showing($id: ID!) {\n    showing(id: $id) { ...ShowingSeatFields }\n  }\n": typeof types.ShowingDocument,
    "\n  subscription ShowingSeatsUpdated($showingId: ID!) {\n    showingSeatsUpdated(showingId: $showingId) { ...ShowingSeatFields }\n  }\n": typeof types.ShowingSeatsUpdatedDocument,
    "\n  mutation BookSeats($input: BookSeatsInput!) {\n    bookSeats(input: $input) { id bookingNumber totalPrice seats { id row number } }\n  }\n": typeof types.BookSeatsDocument,
    "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) { accessToken refreshToken expiresIn user { id name email role } }\n  }\n": typeof types.LoginDocument,
    "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) { accessToken refreshToken expiresIn user { id name email role } }\n  }\n": typeof types.RegisterDocument,
};
const documents: Documents = {
    "\n  mutation Refresh($refreshToken: String!) {\n    refreshToken(refreshToken: $refreshToken) { accessToken refreshToken expiresIn user { id name email role } }\n  }\n": types.RefreshDocument,
    "\n  mutation Logout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n": types.LogoutDocument,
    "\n  query AdminData {\n    movies(first: 100) { edges { node { id title genre durationMinutes description } } }\n    theaters { id name }\n    restaurants(first: 100) { edges { node { id name menu { id name price available } } } }\n  }\n": types.AdminDataDocument,
    "\n  mutation CreateMovie($input: CreateMovieInput!) {\n    createMovie(input: $input) { id title }\n  }\n": types.CreateMovieDocument,
    "\n  mutation UpdateMovie($id: ID!, $input: UpdateMovieInput!) {\n    updateMovie(id: $id, input: $input) { id title genre durationMinutes description }\n  }\n": types.UpdateMovieDocument,
    "\n  mutation CreateShowing($input: CreateShowingInput!) {\n    createShowing(input: $input) { id startsAt }\n  }\n": types.CreateShowingDocument,
    "\n  mutation CreateRestaurant($input: CreateRestaurantInput!) {\n    createRestaurant(input: $input) { id name }\n  }\n": types.CreateRestaurantDocument,
    "\n  mutation CreateMenuItem($input: CreateMenuItemInput!) {\n    createMenuItem(input: $input) { id name }\n  }\n": types.CreateMenuItemDocument,
    "\n  mutation UpdateMenuItem($id: ID!, $input: UpdateMenuItemInput!) {\n    updateMenuItem(id: $id, input: $input) { id available price name }\n  }\n": types.UpdateMenuItemDocument,
    "\n  query MyBookings {\n    myBookings(first: 50) {\n      totalCount\n      edges {\n        node {\n          id bookingNumber status totalPrice\n          seats { id row number }\n          showing { id startsAt movie { title } theater { name } }\n        }\n      }\n    }\n  }\n": types.MyBookingsDocument,
    "\n  mutation CancelBooking($id: ID!) {\n    cancelBooking(id: $id) { id status }\n  }\n": types.CancelBookingDocument,
    "\n  fragment KitchenOrderFields on Order {\n    id status total createdAt updatedAt\n    user { id name }\n    lines { name quantity }\n    booking { id bookingNumber seats { row number } showing { theater { name } } }\n  }\n": types.KitchenOrderFieldsFragmentDoc,
    "\n  query RestaurantOrders($restaurantId: ID!) {\n    restaurant(id: $restaurantId) { id name }\n    restaurantOrders(restaurantId: $restaurantId, first: 100) { edges { node { ...KitchenOrderFields } } }\n  }\n": types.RestaurantOrdersDocument,
    "\n  subscription RestaurantOrderUpdates($restaurantId: ID!) {\n    restaurantOrderUpdates(restaurantId: $restaurantId) { ...KitchenOrderFields }\n  }\n": types.RestaurantOrderUpdatesDocument,
    "\n  mutation UpdateOrderStatus($id: ID!, $status: OrderStatus!) {\n    updateOrderStatus(id: $id, status: $status) { ...KitchenOrderFields }\n  }\n": types.UpdateOrderStatusDocument,
    "\n  query Movie($id: ID!) {\n    movie(id: $id) {\n      id title genre durationMinutes description\n      showings { id startsAt price availableSeatCount theater { name } }\n    }\n  }\n": types.MovieDocument,
    "\n  query Movies {\n    movies(first: 50) { totalCount edges { node { id title genre durationMinutes description } } }\n  }\n": types.MoviesDocument,
    "\n  query Search($query: String!) {\n    search(query: $query, first: 20) {\n      __typename\n      ... on Movie { id title genre }\n      ... on Theater { id name address }\n      ... on Showing { id startsAt movie { title } theater { name } }\n    }\n  }\n": types.SearchDocument,
    "\n  fragment MyOrderFields on Order {\n    id status total createdAt updatedAt\n    restaurant { id name }\n    lines { name quantity lineTotal }\n    booking { id bookingNumber }\n  }\n": types.MyOrderFieldsFragmentDoc,
    "\n  query MyOrders {\n    myOrders(first: 50) { edges { node { ...MyOrderFields } } }\n  }\n": types.MyOrdersDocument,
    "\n  subscription MyOrderUpdates {\n    myOrderUpdates { ...MyOrderFields }\n  }\n": types.MyOrderUpdatesDocument,
    "\n  mutation CancelOrder($id: ID!) {\n    cancelOrder(id: $id) { ...MyOrderFields }\n  }\n": types.CancelOrderDocument,
    "\n  query Restaurant($id: ID!) {\n    restaurant(id: $id) {\n      id name address phone\n      categories { id name }\n      menu { id name description price available category { id name } }\n    }\n  }\n": types.RestaurantDocument,
    "\n  mutation PlaceOrder($input: PlaceOrderInput!) {\n    placeOrder(input: $input) { id status total }\n  }\n": types.PlaceOrderDocument,
    "\n  query Restaurants {\n    restaurants(first: 50) { edges { node { id name address phone } } }\n  }\n": types.RestaurantsDocument,
    "\n  fragment ShowingSeatFields on Showing {\n    id startsAt endsAt price availableSeatCount\n    movie { id title }\n    theater { id name }\n    seatMap { available seat { id row number type } }\n  }\n": types.ShowingSeatFieldsFragmentDoc,
    "\n  query Showing($id: ID!) {\n    showing(id: $id) { ...ShowingSeatFields }\n  }\n": types.ShowingDocument,
    "\n  subscription ShowingSeatsUpdated($showingId: ID!) {\n    showingSeatsUpdated(showingId: $showingId) { ...ShowingSeatFields }\n  }\n": types.ShowingSeatsUpdatedDocument,
    "\n  mutation BookSeats($input: BookSeatsInput!) {\n    bookSeats(input: $input) { id bookingNumber totalPrice seats { id row number } }\n  }\n": types.BookSeatsDocument,
    "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) { accessToken refreshToken expiresIn user { id name email role } }\n  }\n": types.LoginDocument,
    "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) { accessToken refreshToken expiresIn user { id name email role } }\n  }\n": types.RegisterDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Refresh($refreshToken: String!) {\n    refreshToken(refreshToken: $refreshToken) { accessToken refreshToken expiresIn user { id name email role } }\n  }\n"): (typeof documents)["\n  mutation Refresh($refreshToken: String!) {\n    refreshToken(refreshToken: $refreshToken) { accessToken refreshToken expiresIn user { id name email role } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Logout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n"): (typeof documents)["\n  mutation Logout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminData {\n    movies(first: 100) { edges { node { id title genre durationMinutes description } } }\n    theaters { id name }\n    restaurants(first: 100) { edges { node { id name menu { id name price available } } } }\n  }\n"): (typeof documents)["\n  query AdminData {\n    movies(first: 100) { edges { node { id title genre durationMinutes description } } }\n    theaters { id name }\n    restaurants(first: 100) { edges { node { id name menu { id name price available } } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateMovie($input: CreateMovieInput!) {\n    createMovie(input: $input) { id title }\n  }\n"): (typeof documents)["\n  mutation CreateMovie($input: CreateMovieInput!) {\n    createMovie(input: $input) { id title }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateMovie($id: ID!, $input: UpdateMovieInput!) {\n    updateMovie(id: $id, input: $input) { id title genre durationMinutes description }\n  }\n"): (typeof documents)["\n  mutation UpdateMovie($id: ID!, $input: UpdateMovieInput!) {\n    updateMovie(id: $id, input: $input) { id title genre durationMinutes description }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateShowing($input: CreateShowingInput!) {\n    createShowing(input: $input) { id startsAt }\n  }\n"): (typeof documents)["\n  mutation CreateShowing($input: CreateShowingInput!) {\n    createShowing(input: $input) { id startsAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateRestaurant($input: CreateRestaurantInput!) {\n    createRestaurant(input: $input) { id name }\n  }\n"): (typeof documents)["\n  mutation CreateRestaurant($input: CreateRestaurantInput!) {\n    createRestaurant(input: $input) { id name }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateMenuItem($input: CreateMenuItemInput!) {\n    createMenuItem(input: $input) { id name }\n  }\n"): (typeof documents)["\n  mutation CreateMenuItem($input: CreateMenuItemInput!) {\n    createMenuItem(input: $input) { id name }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateMenuItem($id: ID!, $input: UpdateMenuItemInput!) {\n    updateMenuItem(id: $id, input: $input) { id available price name }\n  }\n"): (typeof documents)["\n  mutation UpdateMenuItem($id: ID!, $input: UpdateMenuItemInput!) {\n    updateMenuItem(id: $id, input: $input) { id available price name }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyBookings {\n    myBookings(first: 50) {\n      totalCount\n      edges {\n        node {\n          id bookingNumber status totalPrice\n          seats { id row number }\n          showing { id startsAt movie { title } theater { name } }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query MyBookings {\n    myBookings(first: 50) {\n      totalCount\n      edges {\n        node {\n          id bookingNumber status totalPrice\n          seats { id row number }\n          showing { id startsAt movie { title } theater { name } }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelBooking($id: ID!) {\n    cancelBooking(id: $id) { id status }\n  }\n"): (typeof documents)["\n  mutation CancelBooking($id: ID!) {\n    cancelBooking(id: $id) { id status }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment KitchenOrderFields on Order {\n    id status total createdAt updatedAt\n    user { id name }\n    lines { name quantity }\n    booking { id bookingNumber seats { row number } showing { theater { name } } }\n  }\n"): (typeof documents)["\n  fragment KitchenOrderFields on Order {\n    id status total createdAt updatedAt\n    user { id name }\n    lines { name quantity }\n    booking { id bookingNumber seats { row number } showing { theater { name } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RestaurantOrders($restaurantId: ID!) {\n    restaurant(id: $restaurantId) { id name }\n    restaurantOrders(restaurantId: $restaurantId, first: 100) { edges { node { ...KitchenOrderFields } } }\n  }\n"): (typeof documents)["\n  query RestaurantOrders($restaurantId: ID!) {\n    restaurant(id: $restaurantId) { id name }\n    restaurantOrders(restaurantId: $restaurantId, first: 100) { edges { node { ...KitchenOrderFields } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription RestaurantOrderUpdates($restaurantId: ID!) {\n    restaurantOrderUpdates(restaurantId: $restaurantId) { ...KitchenOrderFields }\n  }\n"): (typeof documents)["\n  subscription RestaurantOrderUpdates($restaurantId: ID!) {\n    restaurantOrderUpdates(restaurantId: $restaurantId) { ...KitchenOrderFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateOrderStatus($id: ID!, $status: OrderStatus!) {\n    updateOrderStatus(id: $id, status: $status) { ...KitchenOrderFields }\n  }\n"): (typeof documents)["\n  mutation UpdateOrderStatus($id: ID!, $status: OrderStatus!) {\n    updateOrderStatus(id: $id, status: $status) { ...KitchenOrderFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Movie($id: ID!) {\n    movie(id: $id) {\n      id title genre durationMinutes description\n      showings { id startsAt price availableSeatCount theater { name } }\n    }\n  }\n"): (typeof documents)["\n  query Movie($id: ID!) {\n    movie(id: $id) {\n      id title genre durationMinutes description\n      showings { id startsAt price availableSeatCount theater { name } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Movies {\n    movies(first: 50) { totalCount edges { node { id title genre durationMinutes description } } }\n  }\n"): (typeof documents)["\n  query Movies {\n    movies(first: 50) { totalCount edges { node { id title genre durationMinutes description } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Search($query: String!) {\n    search(query: $query, first: 20) {\n      __typename\n      ... on Movie { id title genre }\n      ... on Theater { id name address }\n      ... on Showing { id startsAt movie { title } theater { name } }\n    }\n  }\n"): (typeof documents)["\n  query Search($query: String!) {\n    search(query: $query, first: 20) {\n      __typename\n      ... on Movie { id title genre }\n      ... on Theater { id name address }\n      ... on Showing { id startsAt movie { title } theater { name } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MyOrderFields on Order {\n    id status total createdAt updatedAt\n    restaurant { id name }\n    lines { name quantity lineTotal }\n    booking { id bookingNumber }\n  }\n"): (typeof documents)["\n  fragment MyOrderFields on Order {\n    id status total createdAt updatedAt\n    restaurant { id name }\n    lines { name quantity lineTotal }\n    booking { id bookingNumber }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyOrders {\n    myOrders(first: 50) { edges { node { ...MyOrderFields } } }\n  }\n"): (typeof documents)["\n  query MyOrders {\n    myOrders(first: 50) { edges { node { ...MyOrderFields } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription MyOrderUpdates {\n    myOrderUpdates { ...MyOrderFields }\n  }\n"): (typeof documents)["\n  subscription MyOrderUpdates {\n    myOrderUpdates { ...MyOrderFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelOrder($id: ID!) {\n    cancelOrder(id: $id) { ...MyOrderFields }\n  }\n"): (typeof documents)["\n  mutation CancelOrder($id: ID!) {\n    cancelOrder(id: $id) { ...MyOrderFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Restaurant($id: ID!) {\n    restaurant(id: $id) {\n      id name address phone\n      categories { id name }\n      menu { id name description price available category { id name } }\n    }\n  }\n"): (typeof documents)["\n  query Restaurant($id: ID!) {\n    restaurant(id: $id) {\n      id name address phone\n      categories { id name }\n      menu { id name description price available category { id name } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PlaceOrder($input: PlaceOrderInput!) {\n    placeOrder(input: $input) { id status total }\n  }\n"): (typeof documents)["\n  mutation PlaceOrder($input: PlaceOrderInput!) {\n    placeOrder(input: $input) { id status total }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Restaurants {\n    restaurants(first: 50) { edges { node { id name address phone } } }\n  }\n"): (typeof documents)["\n  query Restaurants {\n    restaurants(first: 50) { edges { node { id name address phone } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ShowingSeatFields on Showing {\n    id startsAt endsAt price availableSeatCount\n    movie { id title }\n    theater { id name }\n    seatMap { available seat { id row number type } }\n  }\n"): (typeof documents)["\n  fragment ShowingSeatFields on Showing {\n    id startsAt endsAt price availableSeatCount\n    movie { id title }\n    theater { id name }\n    seatMap { available seat { id row number type } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Showing($id: ID!) {\n    showing(id: $id) { ...ShowingSeatFields }\n  }\n"): (typeof documents)["\n  query Showing($id: ID!) {\n    showing(id: $id) { ...ShowingSeatFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ShowingSeatsUpdated($showingId: ID!) {\n    showingSeatsUpdated(showingId: $showingId) { ...ShowingSeatFields }\n  }\n"): (typeof documents)["\n  subscription ShowingSeatsUpdated($showingId: ID!) {\n    showingSeatsUpdated(showingId: $showingId) { ...ShowingSeatFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BookSeats($input: BookSeatsInput!) {\n    bookSeats(input: $input) { id bookingNumber totalPrice seats { id row number } }\n  }\n"): (typeof documents)["\n  mutation BookSeats($input: BookSeatsInput!) {\n    bookSeats(input: $input) { id bookingNumber totalPrice seats { id row number } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) { accessToken refreshToken expiresIn user { id name email role } }\n  }\n"): (typeof documents)["\n  mutation Login($input: LoginInput!) {\n    login(input: $input) { accessToken refreshToken expiresIn user { id name email role } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) { accessToken refreshToken expiresIn user { id name email role } }\n  }\n"): (typeof documents)["\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) { accessToken refreshToken expiresIn user { id name email role } }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;