import { useEffect, type ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router';
import type { CombinedError } from 'urql';
import { describeError } from '../lib/errors';

export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <p role="status" aria-live="polite" className="py-6 text-center text-slate-500">
      {what}…
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="rounded-md border border-dashed border-slate-300 p-6 text-center text-slate-500">{children}</p>;
}

/** An API error as a sentence; UNAUTHENTICATED sends the person to sign in and back here after. */
export function ErrorMessage({ error, action }: { error?: CombinedError; action?: string }) {
  const problem = describeError(error, { action });
  const navigate = useNavigate();
  const location = useLocation();
  const mustSignIn = problem?.code === 'UNAUTHENTICATED' && action !== 'signin';
  useEffect(() => {
    if (mustSignIn) void navigate(`/signin?next=${encodeURIComponent(location.pathname)}`, { replace: true });
  }, [mustSignIn, navigate, location.pathname]);
  if (!problem) return null;
  return (
    <p role="alert" data-code={problem.code} className="my-3 rounded-md border border-rose-200 bg-rose-50 p-3 text-sm text-rose-800">
      {problem.message}
    </p>
  );
}

export function Notice({ children }: { children: ReactNode }) {
  return (
    <p role="status" className="my-3 rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-800">
      {children}
    </p>
  );
}

export const formatTime = (iso: string): string =>
  new Date(iso).toLocaleString(undefined, { weekday: 'short', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

const STATUS_STYLES: Record<string, string> = {
  PENDING: 'bg-amber-100 text-amber-800',
  CONFIRMED: 'bg-sky-100 text-sky-800',
  PREPARING: 'bg-indigo-100 text-indigo-800',
  READY: 'bg-emerald-100 text-emerald-800',
  DELIVERED: 'bg-slate-200 text-slate-700',
  CANCELLED: 'bg-rose-100 text-rose-800',
  REFUNDED: 'bg-rose-100 text-rose-800',
};

export function StatusBadge({ status }: { status: string }) {
  return <span className={`rounded-full px-2 py-0.5 text-xs font-semibold ${STATUS_STYLES[status] ?? 'bg-slate-100'}`}>{status}</span>;
}
