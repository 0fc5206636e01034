import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useMutation } from 'urql';
import { ErrorMessage } from '../components/ui';
import { graphql } from '../gql';
import { startSession } from '../lib/session';

const LOGIN = graphql(`
  mutation Login($input: LoginInput!) {
    login(input: $input) { accessToken refreshToken expiresIn user { id name email role } }
  }
`);

const REGISTER = graphql(`
  mutation Register($input: RegisterInput!) {
    register(input: $input) { accessToken refreshToken expiresIn user { id name email role } }
  }
`);

function useAfterSignIn() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  return () => void navigate(params.get('next') ?? '/', { replace: true });
}

export function SignInPage() {
  const [result, login] = useMutation(LOGIN);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const done = useAfterSignIn();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const response = await login({ input: { email, password } });
    if (response.data) {
      startSession(response.data.login);
      done();
    }
  };
  return (
    <section className="mx-auto max-w-sm">
      <h1 className="page-title">Sign in</h1>
      <form onSubmit={submit} className="card space-y-3" aria-label="Sign in">
        <div>
          <label className="label" htmlFor="email">Email</label>
          <input id="email" className="input" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </div>
        <div>
          <label className="label" htmlFor="password">Password</label>
          <input id="password" className="input" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </div>
        <ErrorMessage error={result.error} action="signin" />
        <button type="submit" className="btn-primary w-full" disabled={result.fetching}>
          {result.fetching ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="text-sm text-slate-600">
          New here? <Link className="text-indigo-700 underline" to="/register">Create an account</Link>
        </p>
      </form>
    </section>
  );
}

export function RegisterPage() {
  const [result, register] = useMutation(REGISTER);
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const done = useAfterSignIn();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const response = await register({ input: { name, email, password } });
    if (response.data) {
      startSession(response.data.register);
      done();
    }
  };
  return (
    <section className="mx-auto max-w-sm">
      <h1 className="page-title">Create an account</h1>
      <form onSubmit={submit} className="card space-y-3" aria-label="Create an account">
        <div>
          <label className="label" htmlFor="name">Name</label>
          <input id="name" className="input" autoComplete="name" required value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div>
          <label className="label" htmlFor="email">Email</label>
          <input id="email" className="input" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </div>
        <div>
          <label className="label" htmlFor="password">Password (at least 8 characters)</label>
          <input id="password" className="input" type="password" autoComplete="new-password" minLength={8} required value={password} onChange={(e) => setPassword(e.target.value)} />
        </div>
        <ErrorMessage error={result.error} action="signin" />
        <button type="submit" className="btn-primary w-full" disabled={result.fetching}>
          {result.fetching ? 'Creating…' : 'Create account'}
        </button>
        <p className="text-sm text-slate-600">
          Already have one? <Link className="text-indigo-700 underline" to="/signin">Sign in</Link>
        </p>
      </form>
    </section>
  );
}
