import { useState } from 'react';
import { NavLink, Outlet, useNavigate } from 'react-router';
import { hasRole, signOut } from '../lib/session';
import { useSession } from '../lib/session-react';

const linkClass = ({ isActive }: { isActive: boolean }) =>
  `block rounded-md px-3 py-2 text-sm font-medium ${isActive ? 'bg-indigo-700 text-white' : 'text-indigo-100 hover:bg-indigo-500'}`;

export function Layout() {
  const session = useSession();
  const navigate = useNavigate();
  const [menuOpen, setMenuOpen] = useState(false);
  const links = [
    { to: '/', label: 'Movies', show: true },
    { to: '/restaurants', label: 'Food', show: true },
    { to: '/bookings', label: 'My bookings', show: !!session },
    { to: '/orders', label: 'My orders', show: !!session },
    { to: '/kitchen', label: 'Kitchen', show: hasRole(session, 'MODERATOR') },
    { to: '/admin', label: 'Admin', show: hasRole(session, 'ADMIN') },
  ].filter((link) => link.show);
  return (
    <div className="min-h-screen">
      <header className="bg-indigo-600 text-white">
        <nav aria-label="Main" className="mx-auto flex max-w-5xl flex-wrap items-center gap-2 px-4 py-3">
          <NavLink to="/" className="mr-4 text-lg font-bold tracking-tight">
            Marquee
          </NavLink>
          <button
            type="button"
            className="ml-auto rounded-md p-2 sm:hidden"
            aria-expanded={menuOpen}
            aria-controls="main-links"
            aria-label="Menu"
            onClick={() => setMenuOpen(!menuOpen)}
          >
            ☰
          </button>
          <ul id="main-links" className={`${menuOpen ? 'flex' : 'hidden'} w-full flex-col gap-1 sm:flex sm:w-auto sm:flex-row`}>
            {links.map((link) => (
              <li key={link.to}>
                <NavLink to={link.to} end={link.to === '/'} className={linkClass} onClick={() => setMenuOpen(false)}>
                  {link.label}
                </NavLink>
              </li>
            ))}
          </ul>
          <div className={`${menuOpen ? 'flex' : 'hidden'} w-full items-center gap-2 sm:ml-auto sm:flex sm:w-auto`}>
            {session ? (
              <>
                <span className="text-sm text-indigo-100" data-testid="signed-in-as">
                  {session.user.name}
                </span>
                <button
                  type="button"
                  className="btn-secondary"
                  onClick={async () => {
                    await signOut();
                    void navigate('/signin');
                  }}
                >
                  Sign out
                </button>
              </>
            ) : (
              <NavLink to="/signin" className="btn-secondary">
                Sign in
              </NavLink>
            )}
          </div>
        </nav>
      </header>
      <main className="mx-auto max-w-5xl px-4 py-6">
        <Outlet />
      </main>
    </div>
  );
}
