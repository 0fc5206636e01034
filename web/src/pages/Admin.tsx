import { useState, type FormEvent, type ReactNode } from 'react';
import { useMutation, useQuery } from 'urql';
import { ErrorMessage, Loading, Notice } from '../components/ui';
import { graphql } from '../gql';

const ADMIN_DATA = graphql(`
  query AdminData {
    movies(first: 100) { edges { node { id title genre durationMinutes description } } }
    theaters { id name }
    restaurants(first: 100) { edges { node { id name menu { id name price available } } } }
  }
`);

const CREATE_MOVIE = graphql(`
  mutation CreateMovie($input: CreateMovieInput!) {
    createMovie(input: $input) { id title }
  }
`);

const UPDATE_MOVIE = graphql(`
  mutation UpdateMovie($id: ID!, $input: UpdateMovieInput!) {
    updateMovie(id: $id, input: $input) { id title genre durationMinutes description }
  }
`);

const CREATE_SHOWING = graphql(`
  mutation CreateShowing($input: CreateShowingInput!) {
    createShowing(input: $input) { id startsAt }
  }
`);

const CREATE_RESTAURANT = graphql(`
  mutation CreateRestaurant($input: CreateRestaurantInput!) {
    createRestaurant(input: $input) { id name }
  }
`);

const CREATE_MENU_ITEM = graphql(`
  mutation CreateMenuItem($input: CreateMenuItemInput!) {
    createMenuItem(input: $input) { id name }
  }
`);

const UPDATE_MENU_ITEM = graphql(`
  mutation UpdateMenuItem($id: ID!, $input: UpdateMenuItemInput!) {
    updateMenuItem(id: $id, input: $input) { id available price name }
  }
`);

function Panel({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="card space-y-3" aria-label={title}>
      <h2 className="text-lg font-semibold">{title}</h2>
      {children}
    </section>
  );
}

function Field({ id, label, children }: { id: string; label: string; children: ReactNode }) {
  return (
    <div>
      <label className="label" htmlFor={id}>
        {label}
      </label>
      {children}
    </div>
  );
}

export function AdminPage() {
  const [{ data, fetching, error }, refetch] = useQuery({ query: ADMIN_DATA, requestPolicy: 'cache-and-network' });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  if (fetching && !data) return <Loading what="Loading" />;
  const movies = data?.movies?.edges.map(({ node }) => node) ?? [];
  const restaurants = data?.restaurants?.edges.map(({ node }) => node) ?? [];
  return (
    <div className="space-y-6">
      <h1 className="page-title">Admin</h1>
      <ErrorMessage error={error} />
      <div className="grid gap-4 md:grid-cols-2">
        <NewMovie onDone={reload} />
        <EditMovie movies={movies} onDone={reload} />
        <NewShowing movies={movies} theaters={data?.theaters ?? []} />
        <NewRestaurant onDone={reload} />
        <NewMenuItem restaurants={restaurants} onDone={reload} />
      </div>
      <MenuAvailability restaurants={restaurants} />
    </div>
  );
}

function NewMovie({ onDone }: { onDone: () => void }) {
  const [result, create] = useMutation(CREATE_MOVIE);
  const [form, setForm] = useState({ title: '', genre: '', durationMinutes: '110', description: '' });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const response = await create({ input: { ...form, durationMinutes: Number(form.durationMinutes), description: form.description || undefined } });
    if (response.data) {
      setForm({ title: '', genre: '', durationMinutes: '110', description: '' });
      onDone();
    }
  };
  return (
    <Panel title="New movie">
      <form onSubmit={submit} className="space-y-2">
        <Field id="movie-title" label="Title">
          <input id="movie-title" className="input" required value={form.title} onChange={(e) => setForm({ ...form, title: e.target.value })} />
        </Field>
        <Field id="movie-genre" label="Genre">
          <input id="movie-genre" className="input" required value={form.genre} onChange={(e) => setForm({ ...form, genre: e.target.value })} />
        </Field>
        <Field id="movie-duration" label="Duration (minutes)">
          <input id="movie-duration" className="input" type="number" min={1} required value={form.durationMinutes} onChange={(e) => setForm({ ...form, durationMinutes: e.target.value })} />
        </Field>
        <Field id="movie-description" label="Description">
          <textarea id="movie-description" className="input" value={form.description} onChange={(e) => setForm({ ...form, description: e.target.value })} />
        </Field>
        <ErrorMessage error={result.error} />
        {result.data ? <Notice>Created “{result.data.createMovie.title}”.</Notice> : null}
        <button className="btn-primary" disabled={result.fetching}>Create movie</button>
      </form>
    </Panel>
  );
}

type AdminMovie = { id: string; title: string; genre: string; durationMinutes: number; description?: string | null };

function EditMovie({ movies, onDone }: { movies: AdminMovie[]; onDone: () => void }) {
  const [result, update] = useMutation(UPDATE_MOVIE);
  const [movieId, setMovieId] = useState('');
  const [form, setForm] = useState({ title: '', genre: '', durationMinutes: '' });
  const pick = (id: string) => {
    setMovieId(id);
    const movie = movies.find((m) => m.id === id);
    setForm({ title: movie?.title ?? '', genre: movie?.genre ?? '', durationMinutes: String(movie?.durationMinutes ?? '') });
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const response = await update({ id: movieId, input: { title: form.title, genre: form.genre, durationMinutes: Number(form.durationMinutes) } });
    if (response.data) onDone();
  };
  return (
    <Panel title="Edit a movie">
      <form onSubmit={submit} className="space-y-2">
        <Field id="edit-movie" label="Movie">
          <select id="edit-movie" className="input" required value={movieId} onChange={(e) => pick(e.target.value)}>
            <option value="">Choose…</option>
            {movies.map((movie) => (
              <option key={movie.id} value={movie.id}>{movie.title}</option>
            ))}
          </select>
        </Field>
        <Field id="edit-title" label="Title">
          <input id="edit-title" className="input" required value={form.title} onChange={(e) => setForm({ ...form, title: e.target.value })} />
        </Field>
        <Field id="edit-genre" label="Genre">
          <input id="edit-genre" className="input" required value={form.genre} onChange={(e) => setForm({ ...form, genre: e.target.value })} />
        </Field>
        <Field id="edit-duration" label="Duration (minutes)">
          <input id="edit-duration" className="input" type="number" min={1} required value={form.durationMinutes} onChange={(e) => setForm({ ...form, durationMinutes: e.target.value })} />
        </Field>
        <ErrorMessage error={result.error} />
        {result.data && !result.error ? <Notice>Saved.</Notice> : null}
        <button className="btn-primary" disabled={result.fetching || !movieId}>Save movie</button>
      </form>
    </Panel>
  );
}

function NewShowing({ movies, theaters }: { movies: { id: string; title: string }[]; theaters: { id: string; name: string }[] }) {
  const [result, create] = useMutation(CREATE_SHOWING);
  const [form, setForm] = useState({ movieId: '', theaterId: '', startsAt: '', price: '12.00' });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await create({ input: { movieId: form.movieId, theaterId: form.theaterId, startsAt: new Date(form.startsAt).toISOString(), price: form.price } });
  };
  return (
    <Panel title="New showing">
      <form onSubmit={submit} className="space-y-2">
        <Field id="showing-movie" label="Movie">
          <select id="showing-movie" className="input" required value={form.movieId} onChange={(e) => setForm({ ...form, movieId: e.target.value })}>
            <option value="">Choose…</option>
            {movies.map((movie) => (
              <option key={movie.id} value={movie.id}>{movie.title}</option>
            ))}
          </select>
        </Field>
        <Field id="showing-theater" label="Theater">
          <select id="showing-theater" className="input" required value={form.theaterId} onChange={(e) => setForm({ ...form, theaterId: e.target.value })}>
            <option value="">Choose…</option>
            {theaters.map((theater) => (
              <option key={theater.id} value={theater.id}>{theater.name}</option>
            ))}
          </select>
        </Field>
        <Field id="showing-starts" label="Starts at (your time)">
          <input id="showing-starts" className="input" type="datetime-local" required value={form.startsAt} onChange={(e) => setForm({ ...form, startsAt: e.target.value })} />
        </Field>
        <Field id="showing-price" label="Price (e.g. 12.50)">
          <input id="showing-price" className="input" inputMode="decimal" pattern="\d+(\.\d{1,2})?" required value={form.price} onChange={(e) => setForm({ ...form, price: e.target.value })} />
        </Field>
        <ErrorMessage error={result.error} />
        {result.data ? <Notice>Showing created.</Notice> : null}
        <button className="btn-primary" disabled={result.fetching}>Create showing</button>
      </form>
    </Panel>
  );
}

function NewRestaurant({ onDone }: { onDone: () => void }) {
  const [result, create] = useMutation(CREATE_RESTAURANT);
  const [form, setForm] = useState({ name: '', address: '', phone: '' });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const response = await create({ input: { name: form.name, address: form.address, phone: form.phone || undefined } });
    if (response.data) {
      setForm({ name: '', address: '', phone: '' });
      onDone();
    }
  };
  return (
    <Panel title="New restaurant">
      <form onSubmit={submit} className="space-y-2">
        <Field id="restaurant-name" label="Name">
          <input id="restaurant-name" className="input" required value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
        </Field>
        <Field id="restaurant-address" label="Address">
          <input id="restaurant-address" className="input" required value={form.address} onChange={(e) => setForm({ ...form, address: e.target.value })} />
        </Field>
        <Field id="restaurant-phone" label="Phone (optional)">
          <input id="restaurant-phone" className="input" type="tel" value={form.phone} onChange={(e) => setForm({ ...form, phone: e.target.value })} />
        </Field>
        <ErrorMessage error={result.error} />
        {result.data ? <Notice>Created “{result.data.createRestaurant.name}”.</Notice> : null}
        <button className="btn-primary" disabled={result.fetching}>Create restaurant</button>
      </form>
    </Panel>
  );
}

function NewMenuItem({ restaurants, onDone }: { restaurants: { id: string; name: string }[]; onDone: () => void }) {
  const [result, create] = useMutation(CREATE_MENU_ITEM);
  const [form, setForm] = useState({ restaurantId: '', name: '', price: '', description: '' });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const response = await create({ input: { restaurantId: form.restaurantId, name: form.name, price: form.price, description: form.description || undefined } });
    if (response.data) {
      setForm({ ...form, name: '', price: '', description: '' });
      onDone();
    }
  };
  return (
    <Panel title="New menu item">
      <form onSubmit={submit} className="space-y-2">
        <Field id="item-restaurant" label="Restaurant">
          <select id="item-restaurant" className="input" required value={form.restaurantId} onChange={(e) => setForm({ ...form, restaurantId: e.target.value })}>
            <option value="">Choose…</option>
            {restaurants.map((restaurant) => (
              <option key={restaurant.id} value={restaurant.id}>{restaurant.name}</option>
            ))}
          </select>
        </Field>
        <Field id="item-name" label="Name">
          <input id="item-name" className="input" required value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
        </Field>
        <Field id="item-price" label="Price (e.g. 4.50)">
          <input id="item-price" className="input" inputMode="decimal" pattern="\d+(\.\d{1,2})?" required value={form.price} onChange={(e) => setForm({ ...form, price: e.target.value })} />
        </Field>
        <Field id="item-description" label="Description (optional)">
          <input id="item-description" className="input" value={form.description} onChange={(e) => setForm({ ...form, description: e.target.value })} />
        </Field>
        <ErrorMessage error={result.error} />
        {result.data ? <Notice>Added “{result.data.createMenuItem.name}”.</Notice> : null}
        <button className="btn-primary" disabled={result.fetching}>Add menu item</button>
      </form>
    </Panel>
  );
}

type AdminRestaurant = { id: string; name: string; menu: { id: string; name: string; price: string; available: boolean }[] };

function MenuAvailability({ restaurants }: { restaurants: AdminRestaurant[] }) {
  const [result, update] = useMutation(UPDATE_MENU_ITEM);
  return (
    <Panel title="Menu availability">
      <ErrorMessage error={result.error} />
      {restaurants.map((restaurant) => (
        <fieldset key={restaurant.id} className="mb-3">
          <legend className="font-medium">{restaurant.name}</legend>
          <ul className="grid gap-1 sm:grid-cols-2">
            {restaurant.menu.map((item) => (
              <li key={item.id}>
                <label className="flex items-center gap-2 text-sm">
                  <input type="checkbox" checked={item.available} onChange={(e) => void update({ id: item.id, input: { available: e.target.checked } })} />
                  {item.name} (${item.price})
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
      ))}
    </Panel>
  );
}
