import { useEffect, useMemo, useRef } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { Provider } from 'urql';
import { Layout } from './components/Layout';
import { createApiClient } from './lib/client';
import type { AppConfig } from './lib/config';
import { hasRole, REFRESH_MARGIN_MS, refreshSession, type Role } from './lib/session';
import { useSession } from './lib/session-react';
import { AdminPage } from './pages/Admin';
import { BookingsPage } from './pages/Bookings';
import { KitchenListPage, KitchenPage } from './pages/Kitchen';
import { MoviePage } from './pages/Movie';
import { MoviesPage } from './pages/Movies';
import { OrdersPage } from './pages/Orders';
import { RestaurantPage } from './pages/Restaurant';
import { RestaurantsPage } from './pages/Restaurants';
import { ShowingPage } from './pages/Showing';
import { RegisterPage, SignInPage } from './pages/SignIn';

export function App({ config }: { config: AppConfig }) {
  const session = useSession();
  const userId = session?.user.id;
  // A new client (and socket) per signed-in user: subscriptions never outlive the session that opened them.
  const api = useMemo(() => createApiClient(config), [config, userId]);
  // Close the previous client's socket once its successor is in use (not on unmount: StrictMode
  // runs effects twice in development, which would close the client still in use).
  const previous = useRef(api);
  useEffect(() => {
    if (previous.current !== api) previous.current.dispose();
    previous.current = api;
  }, [api]);

  // Refresh the access token shortly before it expires, so even an idle live screen stays signed in.
  const expiresAt = session?.expiresAt;
  useEffect(() => {
    if (!expiresAt) return;
    const timer = setTimeout(() => void refreshSession(), Math.max(0, expiresAt - Date.now() - REFRESH_MARGIN_MS));
    return () => clearTimeout(timer);
  }, [expiresAt]);

  return (
    <Provider value={api.client}>
      <Routes>
        <Route element={<Layout />}>
          <Route index element={<MoviesPage />} />
          <Route path="movies/:id" element={<MoviePage />} />
          <Route path="showings/:id" element={<ShowingPage />} />
          <Route path="signin" element={<SignInPage />} />
          <Route path="register" element={<RegisterPage />} />
          <Route path="restaurants" element={<RestaurantsPage />} />
          <Route path="restaurants/:id" element={<RestaurantPage />} />
          <Route path="bookings" element={<RequireRole role="USER"><BookingsPage /></RequireRole>} />
          <Route path="orders" element={<RequireRole role="USER"><OrdersPage /></RequireRole>} />
          <Route path="kitchen" element={<RequireRole role="MODERATOR"><KitchenListPage /></RequireRole>} />
          <Route path="kitchen/:id" element={<RequireRole role="MODERATOR"><KitchenPage /></RequireRole>} />
          <Route path="admin" element={<RequireRole role="ADMIN"><AdminPage /></RequireRole>} />
          <Route path="*" element={<p>Nothing here. <a className="underline" href="/">Back to the movies</a></p>} />
        </Route>
      </Routes>
    </Provider>
  );
}

function RequireRole({ role, children }: { role: Role; children: React.ReactNode }) {
  const session = useSession();
  if (!session) return <Navigate to={`/signin?next=${encodeURIComponent(window.location.pathname)}`} replace />;
  if (!hasRole(session, role)) return <p role="alert">This page is for {role === 'ADMIN' ? 'admins' : 'staff'} only.</p>;
  return <>{children}</>;
}
