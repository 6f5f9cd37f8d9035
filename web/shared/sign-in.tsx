import { useState } from 'preact/hooks';

import { claimsOf, isExpired } from './session.js';

/**
 * Sign-in with a bearer token (an identity provider's, or a development one: see the README). The
 * token is checked for shape and role here; the API checks its signature on every request.
 */
export function SignIn(props: {
  title: string;
  roles: readonly string[];
  hint: string;
  onToken: (token: string) => void;
}) {
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = (event: Event) => {
    event.preventDefault();
    const token = text.trim().replace(/^Bearer\s+/i, '');
    const claims = claimsOf(token);
    if (!claims) return setProblem('That is not a bearer token (a JWT with sub and role).');
    if (isExpired(claims)) return setProblem('That token has expired: mint a new one.');
    if (!props.roles.includes(claims.role))
      return setProblem(
        `This page is for ${props.roles.join(' or ')}; that token is a ${claims.role}'s.`,
      );
    setProblem(null);
    props.onToken(token);
  };
  return (
    <main class="sign-in">
      <h1>{props.title}</h1>
      <form onSubmit={submit} aria-describedby="sign-in-hint">
        <label for="token">Bearer token</label>
        <textarea
          id="token"
          name="token"
          rows={4}
          autoComplete="off"
          spellcheck={false}
          value={text}
          onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
          required
        />
        <p id="sign-in-hint" class="hint">
          {props.hint}
        </p>
        {problem && (
          <p class="error" role="alert">
            {problem}
          </p>
        )}
        <button type="submit">Sign in</button>
      </form>
    </main>
  );
}
